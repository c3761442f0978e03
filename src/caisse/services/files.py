"""Files written whole or not at all: a temporary file in the same folder, flushed to disk, then
put in place in one step, so that a full disk or an interruption never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def replacing(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file to write; it replaces ``path`` when the block ends without an exception,
    and vanishes otherwise."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write(path: Path | str, content: bytes) -> Path:
    """Write ``content`` to ``path`` whole or not at all."""
    with replacing(path) as file:
        file.write(content)
    return Path(path)
