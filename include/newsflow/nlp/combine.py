"""Where the trained attribution tagger's spans meet the rules' quotes.

Why a seam of its own: the rules are precise on quote marks, colon frames and speakers;
the tagger (``doc.spans["attribution_model"]``) finds what they miss. How the two are
combined is chosen on the train split, in this one place.
"""

from __future__ import annotations

from typing import Any

MODEL_SPANS_KEY = "attribution_model"


def combine(doc: Any, quotes: list, state: Any) -> list:  # noqa: ANN401 (spaCy Doc, rule state)
    """The rules' quotes, completed with the tagger's attributions (identity until it lands)."""
    return quotes
