"""Where a rule quote may not take the attribution tagger's start (``combine._model_starts``):
the tagger learnt PolNeAR's extents, which take in a sentence-opening 'But' and sometimes start
inside a phrase or after a scene-setting lead-in; ATTRIBUTION-GUIDELINE §3 decides otherwise.

Why apart: ``combine`` is past its size limit; these are three small tests on one move, chosen
on the real-world chosen-on sets' extent errors (issue 17), with PolNeAR train unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - quotes imports combine, which imports this module
    from spacy.tokens import Span

    from .quotes.records import Quote


def scene_before_closing_tag(text: str, q: Quote, ns: int) -> bool:
    """'During a search of the warehouse, detectives found …, the sheriff said': a phrase of three
    words or more set off by a comma before a clause that a closing tag reports sets the scene
    of what was said (ATTRIBUTION-GUIDELINE §3: 'Y, X said' -> Y, its full clause); a short
    connective ('In fact,') may still go."""
    skipped = text[q.start:ns].rstrip()
    return (q.cue_start is not None and q.cue_start >= q.end and skipped.endswith(",")
            and len(skipped.split()) >= 3)


def opening_link(text: str, ns: int, start: int) -> bool:
    """Whether the model would move a start back over only a sentence-opening conjunction ('But
    the new terminal will not open …, the director said'): the tagger learnt PolNeAR's habit of taking
    it in, the rules leave the writer's link out (``quotes.clause_edges.without_opening_conjunction``)."""
    # imported here, not above: quotes imports combine, which imports this module
    from .quotes.lexicon import OPENING_CONJUNCTIONS

    return text[ns:start].strip(" ,").lower() in OPENING_CONJUNCTIONS


def splits_a_phrase(skipped: Span, end: int) -> bool:
    """Whether a later start would cut a phrase in two ('A | county sheriff's dog found …', 'During
    a search | of the shed, officers …', 'While speaking to | the driver, a dog was …'): what
    is kept then has more than one top (a piece of the lead-in besides the clause), or a skipped
    word hangs inside it; a whole lead-in ('In fact, | …', 'concern that | …') leaves one clause."""
    doc = skipped.doc
    kept = [t for t in doc[skipped.end:] if t.idx < end]
    inside = {t.i for t in kept}
    tops = {t.i for t in kept if not t.is_punct and (t.head.i == t.i or t.head.i not in inside)}
    return len(tops) > 1 or any(t.head.i in inside and t.head.i not in tops for t in skipped)
