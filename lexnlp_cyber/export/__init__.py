"""Exports: JSONL provision records, CSV, Akoma Ntoso XML, HTML report, coverage profile."""

from __future__ import annotations

from .jsonl import document_records, unit_record

__all__ = ["document_records", "unit_record"]
