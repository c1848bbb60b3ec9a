"""quotes.marks: quote-mark runs from the text alone (no model needed)."""

from __future__ import annotations

from newsflow.nlp.quotes.marks import find_quote_marks, paragraphs


def _contents(text: str) -> list[str]:
    return [" | ".join(text[s:e] for s, e in r.pieces) for r in find_quote_marks(text)]


def test_curly_straight_and_guillemets() -> None:
    text = "“Curly words,” he said. \"Straight words,\" she said. «Guillemet words», they said."
    assert _contents(text) == ["Curly words,", "Straight words,", "Guillemet words"]


def test_single_marks_and_apostrophes() -> None:
    text = "'We are ready,' the minister said. It's Kerry's plan."
    assert _contents(text) == ["We are ready,"]


def test_multi_paragraph_quote_is_one_run_with_pieces() -> None:
    text = "“The first part goes on\n\n“and the second part ends,” he said."
    runs = find_quote_marks(text)
    assert len(runs) == 1
    assert [text[s:e] for s, e in runs[0].pieces] == ["The first part goes on", "and the second part ends,"]
    assert runs[0].close_pos == text.index("”") and runs[0].after == text.index("”") + 1


def test_nyt_double_apostrophes_keep_offsets() -> None:
    text = "''It is over,'' he said."
    (run,) = find_quote_marks(text)
    assert text[run.start:run.end] == "It is over,"
    assert run.close_len == 2 and text[run.after:] == " he said."


def test_doubled_curly_apostrophes_close_a_quotation() -> None:
    text = "“The vote was rigged,’’ the candidate told the radio station. “We will appeal.”"
    first, second = find_quote_marks(text)
    assert text[first.start:first.end] == "The vote was rigged,"
    assert first.close_len == 2 and text[first.after:].startswith(" the candidate")
    assert text[second.start:second.end] == "We will appeal."


def test_unclosed_and_stray_marks_never_raise() -> None:
    text = "“Unclosed at the end of the paragraph\n\nA stray ” mark and a lone \" here."
    runs = find_quote_marks(text)
    assert runs[0].close_pos is None and text[runs[0].start:runs[0].end].startswith("Unclosed")
    for r in runs:
        assert 0 <= r.start < r.end <= len(text)


def test_no_marks_no_runs() -> None:
    assert find_quote_marks("Nothing quoted here.") == []


def test_paragraphs_skip_blank_lines() -> None:
    text = "One.\n\n  \nTwo."
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two."]


def test_straight_mark_with_a_stray_space_after_a_sentence_still_opens() -> None:
    text = '"We sold out in a day," the baker said. " Next week we bake twice as much."'
    runs = find_quote_marks(text)
    assert [text[s:e] for r in runs for s, e in r.pieces] == [
        "We sold out in a day,", "Next week we bake twice as much."]
    text = 'The screen measures 12 " across.'
    assert find_quote_marks(text) == []
