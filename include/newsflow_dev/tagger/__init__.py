"""Rebuilding the bundled attribution tagger from PolNeAR (`python -m newsflow train attribution`)."""
