"""Where the trained attribution tagger's spans meet the rules' quotes.

Why a seam of its own: the rules are precise on quote marks, colon frames and speakers;
the tagger (``doc.spans["attribution_model"]``) finds what they miss, mostly reported
speech without quote marks. How the two are combined was chosen on the train split
(a held-out slice, see ``newsflow_dev.tagger.selection``); the chosen policy is this one:

- a rule quote stays (its start may move to a confident model content's); a model
  attribution that overlaps one adds nothing;
- a model attribution the rules did not find becomes a quote when its speaker (the
  subject of the verb governing it, else the model's nearest SOURCE, resolved by the
  rules' resolver when ``state`` offers one) resolves and lies in its sentences.

Why only that policy here: this module runs on every article; the alternatives the
selection tried (clause snapping, vetoing rule quotes, speakers filled from the tagger,
other speaker and source rules) never ship, so they live with the selection, which
reuses these functions for the parts every policy shares. The tagger's spans are read as
attributions in ``tagger_spans``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .cue_copies import merge_cue_copies
from .doctext import doc_text
from .start_guards import opening_link, scene_before_closing_tag, splits_a_phrase
from .tagger_spans import (
    MODEL_SPANS_KEY,
    ModelAttribution,
    closed_runs,
    model_attributions,
    overlap_length,
)

if TYPE_CHECKING:  # pragma: no cover (quotes imports this module)
    from .quotes.records import Quote

# The shipped policy's thresholds: the train slice's best combined all-attribution F1
# among the policies that lose no exact content F1 and at most 0.002 speaker accuracy
# against the rules alone (``newsflow_dev.tagger.selection.choose``; round 3, after the
# rules improved): see ``models/attribution/training.json`` ("combine_policy").

#: a model content needs at least this many tokens ...
MIN_TOKENS = 3
#: ... and at least this mean label probability
MIN_CONF = 0.85
#: a model content overlapping a rule quote by more than this share is dropped
MAX_OVERLAP = 0.3
#: a rule quote without quote marks takes the start of a model content run that overlaps
#: it by IoU >= 0.5 with at least this mean confidence; PolNeAR's contents often begin
#: earlier ('asked them to draft …': 'them to draft …')
EXTENT_CONF = 0.9
#: words a model addition in quote marks needs ('"appropriate assistance."' is a label;
#: the rules decide quote marks well)
DIRECT_WORDS = 3

#: A relative pronoun as the speaker: the resolver did not find the noun it stands for.
_RELATIVE = frozenset({"who", "that", "which", "whom"})


def _enclosed(text: str, s: int, e: int) -> bool:
    """A quote mark just before ``s`` and one just after ``e`` (spaces, punctuation between)."""
    j = s
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    k, steps = e, 0
    while k < len(text) and steps < 4 and text[k] in " \t.,;:!?":
        k, steps = k + 1, steps + 1
    return j > 0 and text[j - 1] in "\"“‘«„'" and k < len(text) and text[k] in "\"”’»'"


def _kind(text: str, pieces: list[tuple[int, int]]) -> str:
    """direct when every piece sits in quote marks, mixed when some marks occur, else indirect."""
    if all(_enclosed(text, s, e) for s, e in pieces):
        return "direct"
    marks = any(c in "\"“”«»„" for s, e in pieces for c in text[s:e])
    return "mixed" if marks else "indirect"


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Content without surrounding whitespace, quote marks and a trailing comma."""
    strip = " \t\n\"“”‘’«»„,"
    while s < e and text[s] in strip:
        s += 1
    while e > s and text[e - 1] in strip:
        e -= 1
    return s, e


def _trimmed(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces trimmed (:func:`_trim`), empty ones left out."""
    return [p for p in (_trim(text, s, e) for s, e in pieces) if p[1] > p[0]]


def _speaker(doc: Any, state: Any, s: int, e: int) -> tuple[str | None, str | None, str | None]:  # noqa: ANN401
    """The canonical speaker of a source mention: the rules' resolver, else an entity inside."""
    resolve = getattr(state, "resolve_source", None) if state is not None else None
    if callable(resolve):
        got = resolve(s, e)
        if got:
            return got[0], got[1], got[2] if len(got) > 2 else None
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is not None:
        for ent in span.ents:
            if ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                return ent.text, ent.label_, None
    return None, None, None


def _governing_subject(doc: Any, state: Any, start: int, end: int) -> tuple[int, int] | None:  # noqa: ANN401
    """The subject of the verb outside ``[start, end)`` that governs the content, as a mention.

    Why: the tagger's nearest SOURCE is often another attribution's ('A lawmaker … is
    calling for Trump to be banned after the candidate suggested …'); the parse knows
    whose verb the content hangs on.
    """
    from .quotes.pronouns import relative_antecedent
    from .quotes.speaker_mentions import named_appositive
    from .quotes.syntax import mention_bounds, subject_of

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(4):  # 'calling for X to …', 'critical of X': climb prepositions to the verb
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and not span.start <= tok.i < span.end:
            break
        if tok.dep_ not in ("prep", "pobj", "pcomp", "dobj") and tok.pos_ not in ("ADP",):
            return None
    else:
        return None
    subj = subject_of(tok)
    if subj is None or span.start <= subj.i < span.end or subj.sent.start != tok.sent.start:
        return None
    if subj.lower_ in ("it", "there") and subj.dep_ == "expl":
        return None
    subj = relative_antecedent(subj)
    if state is not None and hasattr(state, "ent_by_tok"):
        subj = named_appositive(state, subj)
        return mention_bounds(subj, state.ent_by_tok)
    return mention_bounds(subj, {})


def _words(text: str, pieces: list[tuple[int, int]]) -> int:
    """Words (with a letter or digit) in the pieces."""
    return sum(any(c.isalnum() for c in w) for s, e in pieces for w in text[s:e].split())


def _undated(state: Any, s: int, e: int) -> tuple[int, int] | None:  # noqa: ANN401
    """A source mention without the dateline it starts in ('HALDEN — The city council');
    None when all of it is dateline."""
    dateline_end = getattr(state, "dateline_end", None) if state is not None else None
    if not callable(dateline_end) or getattr(state, "datelines", None) == []:
        return s, e
    cut = dateline_end(s)
    if cut is None:
        return s, e
    text = state.text
    while cut < e and text[cut].isspace():
        cut += 1
    return (cut, e) if cut < e else None


def _nearest_source(state: Any, att: ModelAttribution) -> tuple[int, int] | tuple[None, None]:  # noqa: ANN401
    """The tagger's nearest SOURCE of an attribution, without a dateline; (None, None): none."""
    return (att.source and _undated(state, *att.source)) or (None, None)


def _source_mention(
    doc: Any, state: Any, att: ModelAttribution, start: int, end: int,  # noqa: ANN401
) -> tuple[int, int] | tuple[None, None]:
    """An addition's speaker mention: the subject of the verb governing its content
    ``[start, end)`` when the parse gives one, else the tagger's nearest SOURCE."""
    sp = _nearest_source(state, att)
    return _governing_subject(doc, state, start, end) or sp


def _in_sentences(doc: Any, start: int, end: int, pos: int | None) -> bool:  # noqa: ANN401
    """Whether ``pos`` lies in the sentences that ``[start, end)`` touches."""
    if pos is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    return span[0].sent.start_char <= pos < span[-1].sent.end_char


def _resolved(speaker: str | None) -> bool:
    """Whether the rules' resolver named a speaker: a source mention, not a pronoun without
    antecedent (None), not a bare relative pronoun."""
    return speaker is not None and speaker.lower() not in _RELATIVE


def _quote(
    text: str, att: ModelAttribution, pieces: list[tuple[int, int]], sp_s: int | None, sp_e: int | None,
    who: tuple[str | None, str | None, str | None],
) -> Quote:
    """A model attribution as a Quote (trimmed ``pieces``, speaker mention, resolved ``who``)."""
    from .quotes.records import Quote  # at run time: quotes imports this module

    start, end = pieces[0][0], pieces[-1][1]
    speaker, label, key = who
    cue_s, cue_e = att.cue if att.cue else (None, None)
    return Quote(
        start=start, end=end, text=text[start:end], kind=_kind(text, pieces),
        cue=text[cue_s:cue_e] if cue_s is not None else None,
        speaker_start=sp_s, speaker_end=sp_e,
        speaker_text=text[sp_s:sp_e] if sp_s is not None else None,
        speaker=speaker, speaker_label=label, confidence=round(0.6 * att.confidence, 2),
        spans=pieces, cue_start=cue_s, cue_end=cue_e, speaker_key=key, origin="tagger",
    )


def model_quotes(doc: Any, state: Any) -> list:  # noqa: ANN401
    """The tagger's attributions that pass the shipped policy, as Quotes: long and confident
    enough, with a cue or a source, a resolved speaker in their sentences, and enough words
    when in quote marks."""
    text = doc_text(doc)
    out = []
    for att in model_attributions(doc):
        if att.n_tokens < MIN_TOKENS or att.confidence < MIN_CONF:
            continue
        if att.cue is None and att.source is None:
            continue
        pieces = _trimmed(text, att.pieces)
        if not pieces:
            continue
        start, end = pieces[0][0], pieces[-1][1]
        sp_s, sp_e = _source_mention(doc, state, att, start, end)
        who: tuple[str | None, str | None, str | None] = (None, None, None)
        if sp_s is not None:
            assert sp_e is not None  # sp_s, sp_e: one (start, end) pair, or both None
            who = _speaker(doc, state, sp_s, sp_e)
        if _kind(text, pieces) == "direct" and _words(text, pieces) < DIRECT_WORDS:
            continue
        if not _in_sentences(doc, start, end, sp_s) or not _resolved(who[0]):
            continue
        out.append(_quote(text, att, pieces, sp_s, sp_e, who))
    return out


def _model_starts(doc: Any, quotes: list, runs: list[list], min_conf: float = EXTENT_CONF) -> list:  # noqa: ANN401
    """Rule indirect quotes (one piece) starting where a confident model content run starts."""
    spans = [(doc[ts].idx, doc[te - 1].idx + len(doc[te - 1]), mass / n) for ts, te, n, mass in runs]
    if not spans:
        return quotes
    text = doc_text(doc)
    out = []
    for q in quotes:
        if q.kind == "indirect" and len(q.spans) <= 1:
            for ms, me, conf in spans:
                inter = min(q.end, me) - max(q.start, ms)
                if inter > 0 and conf >= min_conf and inter >= 0.5 * (max(q.end, me) - min(q.start, ms)):
                    ns = _trim(text, ms, q.end)[0]  # the start only: the rules' end stays
                    # ... but not back over a bare complementiser: the tagger learnt PolNeAR's
                    # 'that', the guideline (§3) leaves it out
                    if (q.end > ns and text[ns:q.start].strip().lower() != "that" and not opening_link(text, ns, q.start)
                            and _takes_start(doc, q, ns)):
                        q = replace(q, start=ns, text=text[ns:q.end], spans=[(ns, q.end)])
                    break
        out.append(q)
    return out


def _takes_start(doc: Any, q: Any, ns: int) -> bool:  # noqa: ANN401
    """Whether a rule quote may start at the model content's start ``ns``: earlier only over
    what is not its own cue or speaker ('asked them to draft …', not 'testimony that
    concluded there was …'); later only over a lead-in the rules took in ('concern that …',
    'In fact, …'), never over the subject of a verb in it ('American Kevin King …, both
    professors at the American University of Kabul, were handed over …'; 'Both actors were said
    to have …, according to X')."""
    if ns == q.start:
        return False
    if ns < q.start:
        return not any(p is not None and ns <= p < q.start for p in (q.cue_start, q.speaker_start))
    if scene_before_closing_tag(doc_text(doc), q, ns):
        return False
    skipped = doc.char_span(q.start, ns, alignment_mode="expand")
    return skipped is None or not (any(
        t.dep_ in ("nsubj", "nsubjpass") and q.start <= t.head.idx < q.end for t in skipped)
        or splits_a_phrase(skipped, q.end))


def _add(quotes: list, additions: list, max_overlap: float = MAX_OVERLAP) -> list:
    """The rule ``quotes`` and the model ``additions`` that overlap none of their pieces by
    more than ``max_overlap`` of their length, in text order (``quotes`` itself when none)."""
    rule_pieces = [p for q in quotes for p in q.pieces()]
    according = {q.cue_start for q in quotes if q.cue_start is not None and (q.cue or "").lower() == "according to"}
    added = []
    for mq in additions:
        if mq.cue_start is not None and mq.cue_start in according:
            continue  # the rules read this 'according to' whole; what the tagger adds is the writer's
        length = sum(e - s for s, e in mq.spans)
        if any(overlap_length(p, mq.spans) > max_overlap * length for p in rule_pieces):
            continue
        added.append(mq)
    if not added:
        return quotes
    return sorted(quotes + added, key=lambda q: (q.start, q.end))


def combine(doc: Any, quotes: list, state: Any) -> list:  # noqa: ANN401
    """The rules' quotes, completed with the tagger's attributions they did not find."""
    if MODEL_SPANS_KEY not in doc.spans:
        return quotes
    quotes = _model_starts(doc, quotes, closed_runs(doc)[0])
    # a tagger copy of a rule quote's cue is the same attribution: one, over both contents
    quotes, additions = merge_cue_copies(doc, doc_text(doc), quotes, model_quotes(doc, state), MAX_OVERLAP)
    return _add(quotes, additions)
