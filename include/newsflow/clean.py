"""Stable import path `newsflow.clean.clean_text` (the code lives in `newsflow.extract.clean`)."""

from newsflow.extract.clean import clean_text

__all__ = ["clean_text"]
