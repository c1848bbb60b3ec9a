"""A trained attribution tagger (PolNeAR) that runs inside the spaCy pipeline.

Importing this package registers the ``attribution_tagger`` factory, so the saved
artefact in ``newsflow/nlp/models/attribution`` loads and can be sourced.
"""

from __future__ import annotations

from pathlib import Path

from . import features  # noqa: F401 (registers newsflow.AttributionEmbed.v1)
from .component import FACTORY, SPANS_KEY, AttributionTagger

#: The committed artefact (a spaCy pipeline holding one ``attribution_tagger``).
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "attribution"
CONFIG_PATH = Path(__file__).resolve().parent / "config.cfg"

__all__ = ["CONFIG_PATH", "FACTORY", "MODEL_DIR", "SPANS_KEY", "AttributionTagger"]
