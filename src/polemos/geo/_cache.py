"""The gazetteer index on disk: a NumPy ``.npz`` of plain arrays, read without pickle, written atomically.

Strings are stored as one UTF-8 byte array (NUL-separated), the name -> record-code maps as their keys plus an
int64 array (a code, or ``-1 - j`` for the j-th tuple of a CSR table of several codes), and the small maps as JSON
bytes, so loading runs no code from the file: ``numpy.load(allow_pickle=False)`` refuses object arrays. A file
that is not a regular file owned by this user, or that group or others may write, is refused (``UnsafeCache``)
before it is opened by NumPy.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["FORMAT", "UnsafeCache", "read_index", "write_index", "check_owner"]

FORMAT = 1  # bump when the layout below changes
_ARRAYS = ("gid", "lat", "lon", "pop", "cc", "adm", "kind", "feat", "flags")  # one entry per record
_MAPS = ("keys", "exact")  # str -> int | tuple[int, ...]
_JSON = ("adm_codes", "adm_names", "iso3_of", "country_rec")
_SEP = "\x00"


class UnsafeCache(Exception):
    """The cache file may have been written by someone else: it is not read."""


def _strings(values: list[str]) -> np.ndarray:
    if any(_SEP in v for v in values):
        raise ValueError("a gazetteer string contains a NUL character")
    return np.frombuffer(_SEP.join(values).encode("utf-8"), dtype=np.uint8)


def _unstrings(blob: np.ndarray, n: int) -> list[str]:
    out = blob.tobytes().decode("utf-8").split(_SEP) if n else []
    if len(out) != n:
        raise ValueError(f"expected {n} strings, found {len(out)}")
    return out


def _pack_map(name: str, table: dict[str, int | tuple[int, ...]], arrays: dict[str, Any]) -> None:
    values = np.empty(len(table), dtype=np.int64)
    offsets: list[int] = [0]
    codes: list[int] = []
    for j, v in enumerate(table.values()):
        if isinstance(v, tuple):
            values[j] = -1 - (len(offsets) - 1)
            codes.extend(v)
            offsets.append(len(codes))
        else:
            values[j] = v
    arrays[f"{name}.keys"] = _strings(list(table))
    arrays[f"{name}.n"] = np.asarray(len(table), dtype=np.int64)
    arrays[f"{name}.values"] = values
    arrays[f"{name}.offsets"] = np.asarray(offsets, dtype=np.int64)
    arrays[f"{name}.codes"] = np.asarray(codes, dtype=np.int64)


def _unpack_map(name: str, z: Any) -> dict[str, int | tuple[int, ...]]:
    keys = _unstrings(z[f"{name}.keys"], int(z[f"{name}.n"]))
    values: list[Any] = z[f"{name}.values"].tolist()
    if len(values) != len(keys):
        raise ValueError(f"{name}: {len(keys)} keys but {len(values)} values")
    offsets, codes = z[f"{name}.offsets"].tolist(), z[f"{name}.codes"].tolist()
    for j in np.flatnonzero(z[f"{name}.values"] < 0).tolist():
        m = -1 - values[j]
        values[j] = tuple(codes[offsets[m]:offsets[m + 1]])
    return dict(zip(keys, values, strict=True))


def write_index(path: Path, index: dict[str, Any]) -> None:
    """Write ``index`` (as ``_build.build_index`` returns it) to ``path``: a private temporary file beside it,
    flushed to disk, then renamed over ``path``, so readers see the old file or the new one, never a part."""
    arrays: dict[str, Any] = {
        "format": np.asarray(FORMAT, dtype=np.int64),
        "build_version": np.asarray(index["build_version"], dtype=np.int64),
        "names": _strings(index["names"]),
        "n": np.asarray(len(index["names"]), dtype=np.int64),
    }
    for name in _ARRAYS:
        arrays[name] = np.asarray(index[name])
    for name in _MAPS:
        _pack_map(name, index[name], arrays)
    arrays["json"] = np.frombuffer(json.dumps({k: index[k] for k in _JSON}).encode("utf-8"), dtype=np.uint8)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, allow_pickle=False, **arrays)  # to a file object: numpy adds no ".npz" to the name
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_owner(st: os.stat_result, path: Path) -> None:
    """Raise UnsafeCache unless ``st`` is a regular file of this user that neither group nor others may write."""
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeCache(f"{path} is not a regular file")
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        raise UnsafeCache(f"{path} belongs to user id {st.st_uid}, not to this user ({os.geteuid()})")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeCache(f"{path} is writable by group or others (mode {stat.S_IMODE(st.st_mode):o})")


def read_index(path: Path) -> dict[str, Any]:
    """The index stored at ``path``; UnsafeCache if the file fails ``check_owner``, ValueError/OSError/KeyError if
    it is not a complete index of this format (the caller rebuilds it)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        check_owner(os.fstat(f.fileno()), path)  # the file opened, not whatever the name points to later
        with np.load(f, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT:
                raise ValueError(f"cache format {int(z['format'])}, expected {FORMAT}")
            n = int(z["n"])
            index: dict[str, Any] = {"build_version": int(z["build_version"]), "names": _unstrings(z["names"], n)}
            for name in _ARRAYS:
                index[name] = z[name]
                if index[name].dtype.hasobject or len(index[name]) != n:
                    raise ValueError(f"array {name!r} has dtype {index[name].dtype} and {len(index[name])} rows")
            for name in _MAPS:
                index[name] = _unpack_map(name, z)
            small = json.loads(z["json"].tobytes().decode("utf-8"))
    index.update({k: small[k] for k in _JSON})
    return index
