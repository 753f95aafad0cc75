"""The seal of a prepared DuckDB file: its size and digest, written when it was built.

A prepared file is trusted only when its bytes are those it was built with: a file cut short
by a full disk, or damaged by a copy, would otherwise be served and fail page after page
("Could not read enough bytes"). DuckDB's own checksums catch a damaged block only when a
query reads it; the seal checks the whole file before the first query.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def seal_path(prepared: Path) -> Path:
    return prepared.with_name(prepared.name + ".seal")


def _digest(path: Path) -> tuple[int, str]:
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        digest = hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    return size, digest


def write_seal(prepared: Path) -> None:
    """Seal a freshly built file (replacing any seal); raises OSError if it cannot be written."""
    size, digest = _digest(prepared)
    target = seal_path(prepared)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps({"size": size, "blake2b": digest}), encoding="utf-8")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def is_sealed(prepared: Path) -> bool:
    """Whether the file exists, has a seal, and holds exactly the bytes it was sealed with."""
    try:
        seal = json.loads(seal_path(prepared).read_text(encoding="utf-8"))
        if not isinstance(seal, dict) or prepared.stat().st_size != seal.get("size"):
            return False  # cut short (or grown): no need to read it
        return _digest(prepared) == (seal["size"], seal["blake2b"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def remove(prepared: Path) -> bool:
    """Remove a prepared file and its seal; False when the cache folder does not allow it."""
    try:
        prepared.unlink(missing_ok=True)
        seal_path(prepared).unlink(missing_ok=True)
    except OSError:
        return False
    return True
