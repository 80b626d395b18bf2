#!/usr/bin/env python3
"""Train the shipped model from the team's corpus: the one documented command.

    python scripts/train_shipped.py

is `lexnlp-cyber train corpus/train --out models/default`, which also records
the dev-gold metrics in the model card when ../shared/gold is present. The
result is deterministic: the same corpus gives the same predictions.

    python scripts/train_shipped.py --refresh-card

retrains nothing: it rewrites the shipped card's `selection` text (and its
Markdown) from lexnlp_cyber/data/model_selection.md, after notes were added
on measurements made with the model as it is.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lexnlp_cyber.cli import main  # noqa: E402


def refresh(directory: Path = ROOT / "models" / "default") -> int:
    from lexnlp_cyber.classify.card import refresh_card

    changed = refresh_card(directory)
    print(f"{directory}: card {'refreshed' if changed else 'already current'}")
    return 0


if __name__ == "__main__":
    if "--refresh-card" in sys.argv[1:]:
        raise SystemExit(refresh())
    os.chdir(ROOT)  # the card records the corpus path relative to the checkout
    raise SystemExit(main(["train", "corpus/train", "--out", "models/default", *sys.argv[1:]]))
