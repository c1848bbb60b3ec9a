"""The ingest stage: the feeds file, feed fetching and parsing, entry identity, article
downloads and duplicate linking. `pipeline` runs it in one process (the CLI) and holds the
stage functions the DAG tasks call; importing this package itself stays light (DAG parsing)."""
