#!/usr/bin/env python3
"""Train the shipped model from the team's corpus: the one documented command.

    python scripts/train_shipped.py

is `lexnlp-cyber train corpus/train --out models/default`, which also records
the dev-gold metrics in the model card when ../shared/gold is present. The
result is deterministic: the same corpus gives the same predictions.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.cli import main  # noqa: E402

if __name__ == "__main__":
    os.chdir(ROOT)  # the card records the corpus path relative to the checkout
    raise SystemExit(main(["train", "corpus/train", "--out", "models/default", *sys.argv[1:]]))
