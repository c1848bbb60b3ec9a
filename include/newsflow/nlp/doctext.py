"""``Doc.text`` once per Doc.

Why: spaCy's ``Doc.text`` re-joins every token on each access (a Token object per token),
and the entity rules, the quote passes, ``combine``, trust, calibration and ``analyze_doc``
each read it: eight joins per article. A Doc's text never changes, so the first join is
kept for as long as the Doc lives (weakly: nothing outlives it, nothing is serialised with it).
"""

from __future__ import annotations

import weakref

from spacy.tokens import Doc

_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc."""
    try:
        return _TEXTS[doc]
    except KeyError:
        text = _TEXTS[doc] = doc.text
        return text
