"""Progress for long work: a bar on a terminal, one line per item otherwise."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, label: str, stream=None):
        self.label, self.stream = label, stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.monotonic()

    def update(self, done: int, total: int, line: str = "") -> None:
        if not self.tty:
            if line:
                print(f"[{done}/{total}] {line}", file=self.stream, flush=True)
            return
        width = 30
        filled = width * done // max(total, 1)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} {rate:.1f}/s ")
        if line:
            self.stream.write(f"\r\033[K{line}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()
