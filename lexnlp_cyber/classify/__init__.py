"""Classification: cue matcher, features, the linear model, evidence, training."""

from __future__ import annotations

from .model import CyberClassifier, Prediction, load_model
from .train import train

__all__ = ["CyberClassifier", "Prediction", "load_model", "train"]
