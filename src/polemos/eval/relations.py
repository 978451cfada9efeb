"""``polemos eval relations``: relations, commitments and scenario answers on our own annotated articles.

Gold: ``polemos/data/gold/relations/{dev,heldout}.jsonl`` (articles written for polemos; format in the README
there). ``dev`` is development data; ``heldout`` was written by a different hand and is never read by the people
tuning the stage: this report gives it only as figures, never its misses.

- **relations**: a predicted relation is right when a gold relation of the same article has its type and both
  ends (an end matches on the ISO3 country when both sides have one, else on the name; alliance, rivals and
  cooperates_with in either direction). Precision, recall, F1, overall and per type (one-to-one matching).
  Negated relations ("has no defence treaty with") state an absence: the gold leaves those out, so do the scores.
- **commitments**: a gold commitment is found when a predicted one has its committer and trigger type
  ("trigger + committer right"); precision over the predicted ones.
- **scenarios**: each gold scenario is asked with ``polemos.relations.scenario`` against the article's own output;
  every actor the gold says is drawn in must be in ``drawn_in``, every one it says is not must be out of it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from polemos.errors import PolemosError
from polemos.records import Article

__all__ = ["run", "score_article", "GOLD_DIR", "SPLITS"]

GOLD_DIR = Path(__file__).resolve().parent.parent / "data" / "gold" / "relations"
SPLITS = ("dev", "heldout")
_SYMMETRIC = frozenset({"alliance", "rivals", "cooperates_with"})


def _load(split: str) -> list[dict[str, Any]]:
    path = GOLD_DIR / f"{split}.jsonl"
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise PolemosError("E605", f"{path}:{n}: not JSON ({exc})") from None
    return out


def _norm(name: str | None) -> str:
    return " ".join((name or "").lower().replace("the ", " ").split())


def _same(g_name: str | None, g_country: str | None, p: dict[str, Any] | None) -> bool:
    if p is None:
        return g_name is None and g_country is None
    if g_country and p.get("country"):
        return bool(g_country == p["country"])
    a, b = _norm(g_name), _norm(p.get("name"))
    return bool(a and b and (a == b or a in b or b in a))


def _actor(doc: dict[str, Any], actor_id: str | None) -> dict[str, Any] | None:
    return next((a for a in doc["actors"] if a["id"] == actor_id), None)


def _rel_match(g: dict[str, Any], p: dict[str, Any], doc: dict[str, Any]) -> bool:
    if g["type"] != p["type"]:
        return False
    src, tgt = _actor(doc, p["source"]), _actor(doc, p["target"])
    gs, gt = (g["source"], g.get("source_country")), (g.get("target"), g.get("target_country"))
    if g["type"] == "controls":
        return _same(*gs, src)
    forward = _same(*gs, src) and _same(*gt, tgt)
    return forward or (g["type"] in _SYMMETRIC and _same(*gs, tgt) and _same(*gt, src))


def _pairs(gold: list[dict[str, Any]], pred: list[dict[str, Any]], match: Any) -> list[tuple[int, int]]:
    used: set[int] = set()
    out = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and match(g, p):
                used.add(pi)
                out.append((gi, pi))
                break
    return out


def _drawn(answer: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [e["actor"] for e in answer[key]]


def _in(entity: str, actors: list[dict[str, Any]]) -> bool:
    return any(entity == a.get("country") or _same(entity, None, a) for a in actors)


def score_article(gold: dict[str, Any], doc: dict[str, Any], pipeline: Any) -> dict[str, Any]:
    from polemos.relations.scenario import answer, parse_scenario

    said = [r for r in doc["relations"] if not r["negated"]]  # "has no defence treaty with": stated as absent
    rels = _pairs(gold["relations"], said, lambda g, p: _rel_match(g, p, doc))
    coms = _pairs(gold["commitments"], doc["commitments"], lambda g, p: (
        g["trigger"]["type"] == p["trigger"]["type"]
        and _same(g["committer"], g.get("committer_country"), _actor(doc, p["committer"]))))
    answers = []
    for sc in gold.get("scenarios", ()):
        try:
            got = answer(parse_scenario(pipeline, sc["q"]), [doc])
        except PolemosError:
            got = {"drawn_in": [], "not_drawn_in": []}
        drawn = _drawn(got, "drawn_in")
        answers += [_in(x, drawn) for x in sc["drawn_in"]] + [not _in(x, drawn) for x in sc["not_drawn_in"]]
    return {"relations": rels, "commitments": coms, "answers": answers}


def _prf(tp: int, pred: int, gold: int) -> dict[str, float | int]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "gold": gold, "predicted": pred}


def _split_report(split: str, records: list[dict[str, Any]], pipeline: Any, misses: bool) -> dict[str, Any]:
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    com = [0, 0, 0]
    ans: list[bool] = []
    scen_full = [0, 0]
    missed: list[dict[str, Any]] = []
    for g in records:
        published = date.fromisoformat(g["published"]) if g.get("published") else None
        doc = pipeline.analyze(Article(id=Article.make_id(g["text"]), text=g["text"], title=g.get("title"),
                                       published=published)).to_dict()
        s = score_article(g, doc, pipeline)
        for gr in g["relations"]:
            by_type[gr["type"]][2] += 1
        for pr in doc["relations"]:
            by_type[pr["type"]][1] += not pr["negated"]
        for gi, _ in s["relations"]:
            by_type[g["relations"][gi]["type"]][0] += 1
        com[0] += len(s["commitments"])
        com[1] += len(doc["commitments"])
        com[2] += len(g["commitments"])
        ans += s["answers"]
        if g.get("scenarios"):
            scen_full[0] += all(s["answers"])
            scen_full[1] += 1
        if misses:
            found = {gi for gi, _ in s["relations"]}
            missed += [{"article": g["id"], "type": r["type"], "source": r["source"], "target": r["target"]}
                       for i, r in enumerate(g["relations"]) if i not in found]
    totals = [sum(v[k] for v in by_type.values()) for k in range(3)]
    out: dict[str, Any] = {
        "articles": len(records),
        "relations": _prf(*totals),
        "relations_by_type": {t: _prf(*v) for t, v in sorted(by_type.items())},
        "commitments": {**_prf(*com), "trigger_committer_right": round(com[0] / com[2], 3) if com[2] else None},
        "scenario_answers": {"right": round(sum(ans) / len(ans), 3) if ans else None, "answers": len(ans),
                             "scenarios_fully_right": scen_full[0], "scenarios": scen_full[1]},
    }
    if misses:
        out["missed_relations"] = missed[:60]
    out["split"] = split
    return out


def run(limit: int | None = None, pipeline: Any = None) -> dict[str, Any]:
    from polemos.pipeline import Pipeline

    pipeline = pipeline or Pipeline.load()
    report: dict[str, Any] = {}
    for split in SPLITS:
        records = _load(split)[: limit or None]
        report[split] = _split_report(split, records, pipeline, misses=split == "dev")
    report["note"] = ("dev: development data (misses listed); heldout: written apart and never read while tuning "
                      "(figures only); CI floors gate heldout")
    return report
