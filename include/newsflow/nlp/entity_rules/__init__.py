"""The entity rules: small named rules that repair, cluster and label the model's entity spans.

Each module holds one job (span repairs, cluster keys, short forms, labels, places, teams, ...)
and its word lists are in ``word_lists``. The pass that runs them, and the stable interface
(``Entity``, ``normalise_key``, the analyse function), is ``newsflow.nlp.entities``. Nothing is
imported here, so importing one rule module never loads the others (no import cycles).
"""
