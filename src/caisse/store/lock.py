"""One Caisse program at a time writes to a database: an OS lock on ``<db>.lock``.

The lock is released by the operating system when the program ends, even when it is killed,
so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from caisse.domain.errors import StoreError
from caisse.i18n import N_


class InstanceLock:
    def __init__(self, db_path: Path | str) -> None:
        self.path = Path(f"{db_path}.lock")
        self._fp: IO[str] | None = None

    def acquire(self) -> InstanceLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fp = self.path.open("a+")
        try:
            _lock(fp)
        except OSError:
            fp.seek(0)
            holder = fp.read().strip() or "?"
            fp.close()
            raise StoreError(
                N_(
                    "This database is already open in another Caisse program (process {pid}). "
                    "Close that program first."
                ),
                pid=holder,
            ) from None
        fp.seek(0)
        fp.truncate()
        fp.write(str(os.getpid()))
        fp.flush()
        self._fp = fp
        return self

    def release(self) -> None:
        if self._fp is not None:
            _unlock(self._fp)
            self._fp.close()
            self._fp = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(fp: IO[str]) -> None:
        fp.seek(0)
        msvcrt.locking(fp.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fp: IO[str]) -> None:
        fp.seek(0)
        msvcrt.locking(fp.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fp: IO[str]) -> None:
        fcntl.flock(fp.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fp: IO[str]) -> None:
        fcntl.flock(fp.fileno(), fcntl.LOCK_UN)
