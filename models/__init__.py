"""Shipped models: each sub-folder is a model directory with its card."""
