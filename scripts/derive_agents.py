"""Derive ``src/polemos/data/actors/agents.tsv`` (agent noun -> sector) from the PETRARCH-2 / Phoenix agents
dictionary (MIT, Copyright (c) 2014 Open Event Data Alliance) in ``../shared/dictionaries/petrarch2``.

Run: ``python scripts/derive_agents.py [PATH/Phoenix.agents.txt]``. Each record ``PHRASE {plural} [~CODE]``
becomes its singular and plural forms (PETRARCH's regular plural rules, or the listed plural; ``{}`` means none),
``!PERSON!``-style substitution sets expanded; the CAMEO agent code's first three letters give the sector, with
codes polemos does not use mapped in ``_SECTOR_MAP``. The output is sorted, so a rerun is byte-identical.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "polemos" / "data" / "actors" / "agents.tsv"
DEFAULT = REPO.parent / "shared" / "dictionaries" / "petrarch2" / "Phoenix.agents.txt"
# CAMEO agent codes without a polemos sector (see data/actors/sectors.yaml) -> the nearest one
_SECTOR_MAP = {"MUS": "REL", "CHR": "REL", "HIN": "REL", "BUD": "REL", "CTH": "REL", "JEW": "REL", "DEV": "NGO",
               "HRI": "NGO", "RAD": "OPP", "PPL": "CVL", "PRO": "CVL", "IMG": "REF", "MAR": "CVL"}
_RECORD = re.compile(r"^(?P<phrase>[^{\[#]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]+)\]")
_HEADER = """# Agent nouns -> actor sector, derived by scripts/derive_agents.py from Phoenix.agents.txt of the PETRARCH-2
# dictionaries (github.com/openeventdata/petrarch2, data/dictionaries, commit 676801c). Regenerate; do not edit.
# The MIT License (MIT). Copyright (c) 2014 Open Event Data Alliance. Permission is hereby granted, free of charge,
# to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in
# the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish,
# distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
# furnished to do so, subject to the following conditions: The above copyright notice and this permission notice
# shall be included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT
# WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
# FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
# CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
# CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
# columns: phrase (lower case, singular or plural form), sector (data/actors/sectors.yaml), CAMEO agent code
"""


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("ss", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


def _sector(code: str) -> str | None:
    code = code.strip("~").strip()
    head = code[:3].upper()
    return _SECTOR_MAP.get(head, head) if len(head) == 3 and head.isalpha() else None


def derive(lines: list[str], sectors: frozenset[str]) -> list[tuple[str, str, str]]:
    subs: dict[str, list[str]] = {}
    rows: set[tuple[str, str, str]] = set()
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if m := re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line):
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = _RECORD.match(line)
        if not m:
            continue
        sector = _sector(m.group("code"))
        if sector not in sectors:
            continue
        phrase = m.group("phrase").strip()
        marker = re.search(r"![A-Z]+!", phrase)
        if marker and marker.group() in subs:  # every item substituted, no plural formed
            forms = [phrase.replace(marker.group(), w) for w in subs[marker.group()]]
        elif marker:
            continue
        else:
            plural = m.group("plural")
            words = phrase.replace("_", " ").split()
            forms = [phrase]
            if plural is None:
                forms.append("_".join([*words[:-1], _plural(words[-1])]))
            elif plural.strip():
                forms.append(plural.strip())
        for form in forms:
            text = " ".join(form.replace("_", " ").lower().split())
            if text and re.fullmatch(r"[a-z][a-z' .\-]*", text):
                rows.add((text, sector, m.group("code").strip()))
    best: dict[str, tuple[str, str, str]] = {}
    for row in sorted(rows):  # a phrase listed with two codes keeps the first in sort order
        best.setdefault(row[0], row)
    return sorted(best.values())


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT
    sectors_text = (REPO / "src" / "polemos" / "data" / "actors" / "sectors.yaml").read_text(encoding="utf-8")
    sectors = frozenset(re.findall(r"^  ([A-Z]{3}):", sectors_text, re.M))
    rows = derive(src.read_text(encoding="utf-8", errors="replace").splitlines(), sectors)
    OUT.write_text(_HEADER + "".join(f"{p}\t{s}\t{c}\n" for p, s, c in rows), encoding="utf-8")
    print(f"{len(rows)} agent phrases -> {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
