"""Reading a gold JSONL file from ``../shared/eval`` with one coded error when it is missing or broken."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from polemos.errors import PolemosError

__all__ = ["read_jsonl"]


def read_jsonl(path: Path, code: str, what: str) -> list[dict[str, Any]]:
    """The records of ``path``, one JSON object per non-blank line.

    ``code`` is the error raised when the file is absent; a line that is not JSON raises E604 with the line number.
    """
    if not path.exists():
        raise PolemosError(code, f"{what} gold file not found: {path}",
                           f"put the shared eval data beside the repository ({path.parent.name}/ under ../shared/eval)"
                           " or point POLEMOS_SHARED at it")
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise PolemosError("E604", f"{path}:{number}: not a JSON record ({exc.msg})",
                                   "restore the gold file from its source; it should not be edited") from exc
    return records
