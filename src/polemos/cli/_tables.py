"""Human-readable tables (rich) for `analyze --summary`, `show` and `stats`."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from polemos.store import Store

__all__ = ["print_summary", "print_article", "print_stats"]


def _console() -> Console:
    """A console that is wide enough for the tables even when stdout is a pipe or a CI log."""
    console = Console()
    return console if console.is_terminal else Console(width=160)


def _actor_names(doc: dict[str, Any]) -> dict[str, str]:
    return {a["id"]: a["name"] for a in doc["actors"]}


def print_summary(docs: list[dict[str, Any]], store: Store | None) -> None:
    console = _console()
    table = Table(title="polemos: articles analysed", show_lines=False)
    for col in ("article", "title / dateline", "published", "actors", "places", "events", "claims", "quotes",
                "relations", "commitments", "errors"):
        table.add_column(col, overflow="fold")
    for doc in docs:
        art = doc["article"]
        table.add_row(art["id"], (art["title"] or art["dateline"] or art["text"])[:58], art["published"] or "-",
                      str(len(doc["actors"])), str(len(doc["places"])), str(len(doc["events"])),
                      str(len(doc["claims"])), str(len(doc["quotes"])), str(len(doc.get("relations", ()))),
                      str(len(doc.get("commitments", ()))), str(len(doc["errors"])))
    console.print(table)
    events = [(doc, e) for doc in docs for e in doc["events"]]
    if events:
        ev = Table(title="events (first 25)")
        for col in ("type", "mode", "status", "source", "target", "place", "date", "evidence"):
            ev.add_column(col, overflow="fold")
        for doc, e in events[:25]:
            names = _actor_names(doc)
            places = {p["id"]: p["name"] for p in doc["places"]}
            ev.add_row(e["type"], e["mode"] or "", e["status"], names.get(e["source"] or "", "-"),
                       names.get(e["target"] or "", "-"), places.get(e["place"] or "", "-"), e["date"] or "-",
                       e["evidence"]["text"][:90])
        console.print(ev)
    if store is not None:
        console.print(f"store {store.path}: {store.stats()['counts']}")


def print_article(doc: dict[str, Any]) -> None:
    console = _console()
    art = doc["article"]
    console.print(f"[bold]{art['title'] or '(no title)'}[/bold]  {art['id']}")
    console.print(f"published {art['published'] or '-'}  dateline {art['dateline'] or '-'}  url {art['url'] or '-'}")
    names = _actor_names(doc)
    sections: list[tuple[str, list[str], list[list[str]]]] = [
        ("actors", ["name", "kind", "country", "sector", "office", "mentions"],
         [[a["name"], a["kind"], a["country"] or "", a["sector"] or "", a["office"] or "", str(len(a["mentions"]))]
          for a in doc["actors"]]),
        ("places", ["name", "geonameid", "country", "admin1", "lat", "lon", "feature"],
         [[p["name"], str(p["geonameid"] or ""), p["country"] or "", p["admin1"] or "", str(p["lat"]), str(p["lon"]),
           p["feature"]] for p in doc["places"]]),
        ("events", ["type", "mode", "status", "source", "target", "date", "evidence"],
         [[e["type"], e["mode"] or "", e["status"], names.get(e["source"] or "", ""), names.get(e["target"] or "", ""),
           e["date"] or "", e["evidence"]["text"][:100]] for e in doc["events"]]),
        ("claims", ["actor", "stance", "event", "evidence"],
         [[names.get(c["actor"] or "", "-"), c["stance"], c["event"], c["evidence"]["text"][:100]]
          for c in doc["claims"]]),
        ("quotes", ["speaker", "quote"], [[q["speaker_name"] or "-", q["text"][:120]] for q in doc["quotes"]]),
        ("relations", ["type", "source", "target", "status", "evidence"],
         [[r["type"] + (f" ({r['obligation']})" if r["obligation"] else "") + (" [not]" if r["negated"] else ""),
           names.get(r["source"] or "", "-"), names.get(r["target"] or "", "-"), r["status"],
           r["evidence"]["text"][:100]] for r in doc.get("relations", ())]),
        ("commitments", ["kind", "committer", "if", "then", "likelihood"],
         [[c["kind"], names.get(c["committer"] or "", "-"), c["trigger"]["evidence"]["text"][:60],
           ("not " if c["negated"] else "") + c["response"]["evidence"]["text"][:60], c["likelihood"] or ""]
          for c in doc.get("commitments", ())]),
        ("errors", ["stage", "message"], [[e["stage"], e["message"]] for e in doc["errors"]]),
    ]
    for title, cols, rows in sections:
        if not rows:
            continue
        table = Table(title=f"{title} ({len(rows)})")
        for col in cols:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table)


def print_stats(stats: dict[str, Any]) -> None:
    console = _console()
    table = Table(title=f"polemos store {stats['db']} (schema v{stats['schema_version']})")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in stats["counts"].items():
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)
    for title in ("events_by_type", "events_by_status", "articles_with_errors_by_stage"):
        if stats[title]:
            console.print(f"{title.replace('_', ' ')}: " + ", ".join(f"{k} {v}" for k, v in stats[title].items()))
    for f in stats["recent_failures"]:
        console.print(f"failed: [{f['code']}] {f['message']}")
