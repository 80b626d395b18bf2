"""Batch runs over a repository of legislation: resumable, parallel, distributed.

    >>> from lexnlp_cyber.batch import BatchOptions, run_batch
    >>> result = run_batch(["laws/"], "results/", BatchOptions(workers=2))   # doctest: +SKIP
    >>> len(result.done), len(result.skipped), len(result.failed)            # doctest: +SKIP
    (45, 0, 5)
"""

from __future__ import annotations

from .runner import BatchOptions, BatchResult, run_batch

__all__ = ["BatchOptions", "BatchResult", "run_batch"]
