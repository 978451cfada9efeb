"""Direct quotes: marks, attribution, split/continued quotes, scare quotes."""

from __future__ import annotations

from tests.claims.helpers import actor, spans_ok


def test_inverted_said_and_he_said(run_claims):
    text = ('"The front is holding," said Olena Kovalenko, a spokeswoman for the southern command. '
            'Her colleague Marko Petrenko spoke later. "We lost two positions near the river," he said.')
    r = run_claims(text, [])
    assert [(q.speaker_name, q.text) for q in r.quotes] == [
        ("Olena Kovalenko", "The front is holding"),
        ("Marko Petrenko", "We lost two positions near the river"),
    ]
    assert spans_ok(text, r.quotes)
    assert r.quotes[0].evidence.text == '"The front is holding,"'


def test_speaker_actor_id_from_mentions(run_claims):
    text = 'Defence Minister Rustem Umerov said: "We will not give up a single town."'
    umerov = actor(text, "Rustem Umerov", "person", "Rustem Umerov", country="UKR")
    r = run_claims(text, [], actors=(umerov,))
    assert len(r.quotes) == 1
    assert r.quotes[0].speaker == umerov.id
    assert r.quotes[0].speaker_name == "Rustem Umerov"


def test_split_quote_is_one_quote(run_claims):
    text = '"Nobody expected the dam to fail," the mayor said, "and nobody was ready for the flood."'
    r = run_claims(text, [])
    assert len(r.quotes) == 1
    q = r.quotes[0]
    assert q.text == "Nobody expected the dam to fail and nobody was ready for the flood."
    assert q.evidence.start == 0 and q.evidence.end == len(text)
    assert q.speaker_name == "the mayor"


def test_continued_quote_after_he_said_is_merged(run_claims):
    text = ('Analyst Ivan Sorokin was blunt. "The offensive has stalled," he said. '
            '"Without more shells it cannot restart before spring."')
    r = run_claims(text, [])
    assert len(r.quotes) == 1
    assert r.quotes[0].speaker_name == "Ivan Sorokin"
    assert r.quotes[0].text.endswith("before spring.")


def test_curly_quotes(run_claims):
    text = "“We have no fuel left for the generators,” said Amina Yusuf, who runs the clinic in El Fasher."
    r = run_claims(text, [])
    assert [(q.speaker_name, q.text) for q in r.quotes] == [("Amina Yusuf", "We have no fuel left for the generators")]


def test_scare_quotes_need_a_speaker(run_claims):
    text = ('The so-called "special operation" entered its third year. '
            'The president praised the "heroic defenders" of the city.')
    r = run_claims(text, [])
    # the first is a scare quote with nobody speaking; the second is the president's words
    assert [(q.speaker_name, q.text) for q in r.quotes] == [("The president", "heroic defenders")]


def test_heading_in_quotes_and_apostrophes_are_not_quotes(run_claims):
    text = ("'No retreat'\nKyiv's army said it would hold the line. The soldiers' morale is high, "
            "the commander's aide said.")
    r = run_claims(text, [])
    assert r.quotes == []


def test_multi_sentence_quote(run_claims):
    text = ('"The city is surrounded. Food is running out. We need a corridor now," '
            'the Red Cross official Pierre Dumont told reporters.')
    r = run_claims(text, [])
    assert len(r.quotes) == 1
    assert r.quotes[0].text.startswith("The city is surrounded. Food")
    assert "Pierre Dumont" in (r.quotes[0].speaker_name or "")
