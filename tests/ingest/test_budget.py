"""The parser's budgets: a character cap and a token-run cap checked before spaCy, chunked parsing of long texts
and a per-article time budget (issue 13 item 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from polemos.errors import InputError, PolemosError
from polemos.ingest import load_inputs
from polemos.nlp import PARSER_MAX_CHARS, check_parse_input, chunk_text, parse_budget, parse_many
from polemos.nlp._budget import BUDGET_ENV, DEFAULT_BUDGET, MAX_WORD_CHARS, MAX_WORD_PUNCT
from polemos.pipeline import Pipeline

PROSE = ("Government troops shelled a village near the border on Monday, local officials said, and the rebels "
         "answered with rockets fired at an army post on a hill above the river. Two soldiers were hurt in the "
         "exchange, according to a statement from the defence ministry issued in the capital later that day.")


def _code(text: str) -> str | None:
    try:
        check_parse_input(text, "t")
    except InputError as exc:
        return exc.code
    return None


@pytest.mark.parametrize(("tail", "code"), [
    ("(" * 190_000, "E130"),  # the kind of run that never finished: refused at once
    ("(" * (MAX_WORD_PUNCT + 1), "E130"),
    ("a_" * 120, "E130"),  # "_" is punctuation to the tokenizer, whatever \\w says
    ("$&A" * 60, "E130"),
    ("x" * (MAX_WORD_CHARS + 1), "E130"),
    ("(" * MAX_WORD_PUNCT, None),  # at the cap: taken
    ("https://example.org/news/2025/03/06/" + "-".join(PROSE.split()[:40]) + "?utm_source=feed&id=123", None),
    ("=" * 80, None),  # a divider line
])
def test_token_runs_are_checked_before_the_parser(tail: str, code: str | None) -> None:
    assert _code(f"{PROSE} {tail} {PROSE}") == code


def test_the_error_names_the_input_the_run_and_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "parens.txt"
    path.write_text(f"{PROSE} {'(' * 190_000}", encoding="utf-8")
    (item,) = load_inputs([str(path)])
    assert item.error is not None and item.error.code == "E130" and item.error.source == str(path)
    assert f"offset {len(PROSE) + 1}" in item.error.message and "190,000 punctuation" in item.error.message


def test_the_character_cap() -> None:
    words = PROSE.split()
    text = " ".join(words[i % len(words)] for i in range(PARSER_MAX_CHARS // 4))
    assert len(text) > PARSER_MAX_CHARS and _code(text) == "E104"
    assert _code(text[:PARSER_MAX_CHARS]) is None
    with pytest.raises(InputError, match="characters > 1,000"):
        check_parse_input(PROSE * 10, "t", max_chars=1_000)  # a smaller settings cap wins


def test_jsonl_lines_over_the_caps_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    rows = [PROSE, PROSE + " " + "(" * 500, PROSE * (PARSER_MAX_CHARS // len(PROSE) + 1), PROSE.replace("Two", "Three")]
    path.write_text("\n".join(json.dumps({"text": r}) for r in rows), encoding="utf-8")
    codes = [i.error.code if i.error else "ok" for i in load_inputs([str(path)])]
    assert codes == ["ok", "E130", "E104", "ok"]


@pytest.mark.parametrize("size", [7, 50, 1000])
def test_chunks_join_back_and_are_bounded(size: int) -> None:
    text = "\n\n".join([PROSE] * 20) + " " + "y" * 3000  # paragraphs, sentences, then a run with no space at all
    pieces = chunk_text(text, size)
    assert "".join(pieces) == text and all(0 < len(p) <= size for p in pieces)
    assert chunk_text("short", size) == ["short"]


def test_chunks_are_cut_after_paragraphs_first() -> None:
    text = "\n\n".join([PROSE] * 10)
    assert all(p.endswith("\n\n") for p in chunk_text(text, 1000)[:-1])


def test_parse_budget_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BUDGET_ENV, raising=False)
    assert parse_budget() == DEFAULT_BUDGET
    monkeypatch.setenv(BUDGET_ENV, "2.5")
    assert parse_budget() == 2.5
    monkeypatch.setenv(BUDGET_ENV, "0")
    assert parse_budget() == 0.0
    for bad in ("soon", "-1", "nan", "inf"):
        monkeypatch.setenv(BUDGET_ENV, bad)
        with pytest.raises(PolemosError) as exc:
            parse_budget()
        assert exc.value.code == "E132" and BUDGET_ENV in exc.value.message


def test_a_bad_budget_setting_fails_when_the_model_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    from polemos.nlp import load_nlp

    monkeypatch.setenv(BUDGET_ENV, "a minute")
    with pytest.raises(PolemosError, match="E132"):
        load_nlp()


def test_parse_refuses_what_the_ingest_refuses() -> None:
    """A caller that skips ingest (eval, train, a plugin) gets the same coded error, not a hang."""

    class NoModel:
        def pipe(self, texts: Any, batch_size: int) -> Any:
            raise AssertionError("the parser must not see this text")

    with pytest.raises(InputError) as exc:
        list(parse_many(NoModel(), [PROSE + " " + "(" * 5000], budget=0))
    assert exc.value.code == "E130" and exc.value.source == "text 1 of the batch"


def test_long_texts_parse_in_chunks_like_whole(pipeline: Pipeline) -> None:
    nlp = pipeline.resources.nlp
    text = "\n\n".join(PROSE.replace("Monday", day) for day in ["Monday", "Tuesday", "Friday"] * 40)  # ~35,000 chars
    whole = next(parse_many(nlp, [text[:15_000]], budget=0))
    (chunked, short) = parse_many(nlp, [text, PROSE], budget=0)
    assert chunked.text == text and short.text == PROSE
    assert all(text[t.start:t.end] == t.text for t in chunked.tokens)
    assert [t.i for t in chunked.tokens] == list(range(len(chunked.tokens)))
    assert all(0 <= t.head < len(chunked.tokens) for t in chunked.tokens)
    assert chunked.sents[-1].end == len(text) and all(e.text == text[e.start:e.end] for e in chunked.ents)
    # the first chunk's tokens and sentences are the whole parse's
    n = len(whole.tokens) - 5
    assert [(t.text, t.start) for t in chunked.tokens[:n]] == [(t.text, t.start) for t in whole.tokens[:n]]
    assert [s.start for s in chunked.sents if s.end < 14_000] == [s.start for s in whole.sents if s.end < 14_000]


def test_an_article_over_the_time_budget_is_an_error(pipeline: Pipeline) -> None:
    text = "\n\n".join([PROSE] * 200)  # ~ 60,000 characters: 3+ chunks
    with pytest.raises(InputError) as exc:
        list(parse_many(pipeline.resources.nlp, [PROSE, text], budget=1e-9))
    assert exc.value.code == "E131" and exc.value.source == "text 2 of the batch"
    assert "budget of 1e-09 s" in exc.value.message


def test_the_batch_goes_on_past_an_article_over_budget(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """`polemos analyze`: the article over budget gets E131 under its own name; the others are analysed."""
    from polemos.cli._analyze import _analyze
    from polemos.ingest import make_article
    from polemos.settings import Settings

    monkeypatch.setenv(BUDGET_ENV, "1e-9")
    short = make_article(PROSE, "in.jsonl:short", Settings())
    long = make_article("\n\n".join([PROSE.replace("Two", str(i)) for i in range(200)]), "in.jsonl:long", Settings())
    fresh, crashed = _analyze(pipeline, {("s",): short, ("l",): long})
    assert list(fresh) == [("s",)] and fresh[("s",)].article.id == short.id
    err = crashed[("l",)]
    assert err.code == "E131" and err.source == "in.jsonl:long" and str(err).startswith("[E131] in.jsonl:long: took")


def test_parse_errors_cross_process_boundaries() -> None:
    """A Dask worker's E130/E131 reaches the client with its code (InputError did not unpickle)."""
    import pickle

    for err in (InputError("E131", "text 2 of the batch", "took over the parse budget", "split it"),
                PolemosError("E132", "POLEMOS_PARSE_BUDGET='x' is not a number of seconds")):
        back = pickle.loads(pickle.dumps(err))  # noqa: S301  (our own bytes)
        assert type(back) is type(err) and str(back) == str(err) and back.code == err.code
    assert pickle.loads(pickle.dumps(InputError("E130", "s", "m"))).source == "s"  # noqa: S301
