"""Commands over the conflict's structure: relations (who is tied to whom) and scenario (who is drawn in)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click

from polemos.cli._common import db_option
from polemos.errors import PolemosError
from polemos.records import RELATION_TYPES
from polemos.relations.edges import relation_rows

__all__ = ["relations", "scenario", "stored_documents"]


def stored_documents(db_path: str) -> Iterator[dict[str, Any]]:
    """Every stored article's output document (read-only)."""
    from polemos.store import Store

    if db_path != ":memory:" and not Path(db_path).exists():
        raise PolemosError("E302", f"no store at {db_path}", "run `polemos analyze ...` first, or pass --db PATH")
    with Store(db_path, read_only=True, lock_wait=30.0) as store:
        yield from store.documents()


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value if len(value) == 10 else f"{value}-01" if len(value) == 7 else f"{value}-01-01")
    except ValueError:
        raise PolemosError("E402", f"{option} {value!r} is not a date", "write YYYY, YYYY-MM or YYYY-MM-DD") from None


@click.command()
@click.option("--actor", help="Only relations of this actor (name or ISO3 country code).")
@click.option("--type", "rtype", type=click.Choice(RELATION_TYPES), help="Only this relation type.")
@click.option("--since", help="Only articles published on or after this date (YYYY[-MM[-DD]]).")
@click.option("--until", help="Only articles published on or before this date (YYYY[-MM[-DD]]).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def relations(actor: str | None, rtype: str | None, since: str | None, until: str | None, as_json: bool,
              db_path: str) -> None:
    """The conflict's standing structure: alliances, arms supplies, bases, backers, proxies, mediators ...

    Each edge merges the same relation from every stored article, with its statuses, first and last dates and
    evidence sentences (a denied tie is kept, marked negated).
    """
    rows = relation_rows(stored_documents(db_path), actor, rtype, _date(since, "--since"), _date(until, "--until"))
    if as_json:
        click.echo(json.dumps(rows, indent=1, ensure_ascii=False))
        return
    if not rows:
        click.echo("no relations match", err=True)
        return
    for r in rows:
        kind = r["type"] + (f" ({r['obligation']})" if r["obligation"] else "") + (" [denied]" if r["negated"] else "")
        click.echo(f"{r['source']} -> {r['target']}  {kind}  {'/'.join(r['statuses'])}  "
                   f"{len(r['mentions'])} mention(s), {r['first']}..{r['last']}")
        click.echo(f"    \u201c{r['mentions'][0]['evidence'][:150]}\u201d")


@click.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a summary.")
@db_option
def scenario(text: str, as_json: bool, db_path: str) -> None:
    """Who is drawn in if TEXT happens ("Azerbaijan attacks Armenia"), from stored commitments and alliances."""
    from polemos.pipeline import Pipeline
    from polemos.relations.scenario import answer, parse_scenario

    docs = list(stored_documents(db_path))
    result = answer(parse_scenario(Pipeline.load(), text), docs)
    if as_json:
        click.echo(json.dumps(result, indent=1, ensure_ascii=False))
        return
    s = result["scenario"]
    click.echo(f"scenario: {s['type']} by {s['source']} on {s['target'] or s['place']}")
    for title, key in (("drawn in", "drawn_in"), ("not drawn in", "not_drawn_in")):
        click.echo(f"{title}:" + ("" if result[key] else " nobody, on the stored evidence"))
        for entry in result[key]:
            a = entry["actor"]
            click.echo(f"  {a['name']} ({a['country'] or '-'}): {entry['response'] or '?'}"
                       f"{', ' + entry['likelihood'] if entry['likelihood'] else ''}")
            for via in entry["via"]:
                what = via.get("commitment") or via.get("relation")
                click.echo(f"    {via['kind']} {what}: \u201c{via['evidence']['text'][:160]}\u201d")
