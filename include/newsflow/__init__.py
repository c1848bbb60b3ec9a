"""newsflow: news feeds to clean articles, entities and quotes in PostgreSQL."""

__version__ = "0.1.0"
