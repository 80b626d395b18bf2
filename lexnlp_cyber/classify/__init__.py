"""Classification: cue matcher, features, the linear model, evidence, training.

Training lives in :mod:`lexnlp_cyber.classify.train` (``lexnlp_cyber.train``);
it is not imported here, because it needs scikit-learn and loading and
predicting with an array model do not.
"""

from __future__ import annotations

from .model import CyberClassifier, Prediction, load_model

__all__ = ["CyberClassifier", "Prediction", "load_model"]
