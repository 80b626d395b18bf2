"""Progress of a batch: a tqdm bar on a terminal, plain lines otherwise.

Both show documents done, pages/s, ETA and failures. Plain lines are what a
log file or a CI job needs: one line per document, no carriage returns.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


class Progress:
    """Report progress over ``total`` documents to ``stream`` (default stderr)."""

    def __init__(self, total: int, *, stream: IO[str] | None = None, enabled: bool = True,
                 tty: bool | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.done = 0
        self.pages = 0
        self.failures = 0
        self.started = time.monotonic()
        is_tty = self.stream.isatty() if tty is None else tty
        self._bar: Any = None
        if enabled and is_tty:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True)

    def update(self, path: str, pages: int, ok: bool) -> None:
        self.done += 1
        self.pages += pages
        self.failures += 0 if ok else 1
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0.0
        if self._bar is not None:
            self._bar.set_postfix(pages_s=f"{self.pages / elapsed:.1f}", failures=self.failures, refresh=False)
            self._bar.update(1)
            return
        status = "ok" if ok else "FAILED"
        self.stream.write(f"[{self.done}/{self.total}] {rate:.2f} docs/s {self.pages / elapsed:.1f} pages/s "
                          f"ETA {_clock(eta)} failures {self.failures} {status} {path}\n")
        self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
