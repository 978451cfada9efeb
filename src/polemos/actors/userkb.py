"""Validation of a user's actor YAML file (``--actors PATH`` / ``POLEMOS_ACTORS``).

The file is a YAML list of entries (or a mapping with an ``actors:`` list)::

    - name: Atlantis Armenian Airlines
      kind: organization          # state | person | organization | armed_group | group
      sector: BUS                 # a code of sectors.yaml
      country: ARM                # ISO 3166 alpha-3, or null
      aliases: [Atlantis Airlines]
    - name: Fyodor Lukyanov
      kind: person
      country: RUS
      offices:
        - {title: Editor of Russia in Global Affairs, role: editor, start: 2002-01-01, end: null, sector: MED}

Every problem is a PolemosError with a code E2xx naming the file, the entry (number and line) and the fix.
"""

from __future__ import annotations

from datetime import date
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pycountry
import yaml

from polemos.errors import PolemosError
from polemos.records import ACTOR_KINDS

__all__ = ["load_user_entries", "plugin_kbs"]

_FIELDS = {"key", "name", "kind", "sector", "country", "aliases", "offices", "surname", "metonyms"}
_OFFICE_FIELDS = {"title", "role", "start", "end", "country", "sector"}
_EXTRA_COUNTRIES = {"XKX"}  # Kosovo (user-assigned code, not in ISO 3166)
_HINT = "the format is in polemos/data/actors/README.md"


def _valid_country(code: Any) -> bool:
    if code is None:
        return True
    if not isinstance(code, str) or len(code) != 3:
        return False
    return code in _EXTRA_COUNTRIES or pycountry.countries.get(alpha_3=code) is not None


def _fail(code: str, path: Path, where: str, what: str) -> PolemosError:
    return PolemosError(code, f"actor file {path}: {where}: {what}", _HINT)


def _check_date(path: Path, where: str, name: str, value: Any) -> None:
    if value is None or isinstance(value, date):
        return
    try:
        date.fromisoformat(str(value))
    except ValueError:
        raise _fail("E205", path, where, f"'{name}' must be a date YYYY-MM-DD or null, not {value!r}") from None


def _check_entry(path: Path, n: int, line: int, item: Any, sectors: frozenset[str]) -> dict[str, Any]:
    where = f"entry {n} (line {line})"
    if not isinstance(item, dict):
        raise _fail("E203", path, where, f"an entry must be a mapping with 'name' and 'kind', not {item!r}")
    unknown = set(item) - _FIELDS
    if unknown:
        raise _fail("E204", path, where, f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_FIELDS)}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail("E204", path, where, "'name' is required and must be a non-empty string")
    where = f"entry {n} '{name}' (line {line})"
    kind = item.get("kind")
    if kind not in ACTOR_KINDS:
        raise _fail("E204", path, where, f"'kind' must be one of {list(ACTOR_KINDS)}, not {kind!r}")
    sector = item.get("sector")
    if sector is not None and sector not in sectors:
        raise _fail("E204", path, where, f"'sector' {sector!r} is not a PLOVER sector; use one of {sorted(sectors)}")
    if not _valid_country(item.get("country")):
        raise _fail("E204", path, where, f"'country' {item.get('country')!r} is not an ISO 3166 alpha-3 code")
    for list_field in ("aliases", "metonyms"):
        value = item.get(list_field, [])
        if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
            raise _fail("E204", path, where, f"'{list_field}' must be a list of non-empty strings")
    offices = item.get("offices", [])
    if offices and kind != "person":
        raise _fail("E204", path, where, "'offices' is only allowed for kind: person")
    if not isinstance(offices, list):
        raise _fail("E204", path, where, "'offices' must be a list of mappings")
    for j, office in enumerate(offices, 1):
        ow = f"{where}, office {j}"
        if not isinstance(office, dict) or not isinstance(office.get("title"), str):
            raise _fail("E204", path, ow, "an office must be a mapping with at least a 'title' string")
        bad = set(office) - _OFFICE_FIELDS
        if bad:
            raise _fail("E204", path, ow, f"unknown field(s) {sorted(bad)}; allowed: {sorted(_OFFICE_FIELDS)}")
        _check_date(path, ow, "start", office.get("start"))
        _check_date(path, ow, "end", office.get("end"))
        if office.get("sector") is not None and office["sector"] not in sectors:
            raise _fail("E204", path, ow, f"'sector' {office['sector']!r} is not a PLOVER sector")
        if not _valid_country(office.get("country")):
            raise _fail("E204", path, ow, f"'country' {office.get('country')!r} is not an ISO 3166 alpha-3 code")
    out = dict(item)
    out.setdefault("key", f"user:{kind}:{name.strip()}")
    return out


def load_user_entries(path: Path, sectors: frozenset[str]) -> list[dict[str, Any]]:
    """Read and validate a user actor file; return its entries as dicts (with a ``key``)."""
    if not path.is_file():
        raise PolemosError("E201", f"actor file {path}: not found or not a file", "check --actors / POLEMOS_ACTORS")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolemosError("E201", f"actor file {path}: cannot be read as UTF-8 text ({exc})", _HINT) from exc
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else "unknown line"
        raise PolemosError("E202", f"actor file {path}: invalid YAML at {line}: {exc}", _HINT) from exc
    if isinstance(data, dict) and "actors" in data:
        data = data["actors"]
        node = next(v for k, v in node.value if k.value == "actors") if node is not None else None
    if data is None:
        return []
    if not isinstance(data, list):
        raise PolemosError("E203", f"actor file {path}: the top level must be a list of entries", _HINT)
    lines = [n.start_mark.line + 1 for n in node.value] if node is not None else [0] * len(data)
    return [_check_entry(path, i, lines[i - 1], item, sectors) for i, item in enumerate(data, 1)]


def plugin_kbs() -> dict[str, Path]:
    """Actor files that installed packages add: entry point group ``polemos.actor_kbs``, each loading to the path
    of a YAML file in the ``--actors`` format (a ``str``/``Path``, or a function returning one), sorted by name."""
    found: dict[str, Path] = {}
    for ep in sorted(entry_points(group="polemos.actor_kbs"), key=lambda e: e.name):
        obj = ep.load()
        value = obj() if callable(obj) else obj
        if not isinstance(value, (str, Path)):
            raise PolemosError("E206", f"entry point {ep.name!r} ({ep.value}) of group polemos.actor_kbs gave "
                               f"{type(value).__name__}, not the path of an actor YAML file")
        found[ep.name] = Path(value)
    return found
