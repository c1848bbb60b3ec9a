"""Every setting, read once from the environment (env overrides with safe defaults)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FEEDS_FILE = PROJECT_ROOT / "include" / "feeds.yaml"
SAMPLE_FEEDS_FILE = PROJECT_ROOT / "include" / "sample" / "feeds.yaml"
AIRFLOW_CONN_ENV = "AIRFLOW_CONN_NEWS_WAREHOUSE"
#: The confidence from which a quote is shown by default: the lowest at which the calibrated
#: confidence's cross-validated precision, one standard error down, is >= 0.9 (written by `newsflow_dev.calibrate`, which
#: keeps it equal to the threshold in nlp/quotes/calibration.json). Re-exported as
#: newsflow.nlp.DEFAULT_MIN_CONFIDENCE.
DEFAULT_MIN_CONFIDENCE = 0.21


def _env_number(name: str, default: float, kind: type) -> float:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return kind(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a valid {kind.__name__}") from None


def _env_int(name: str, default: int) -> int:
    return int(_env_number(name, default, int))


def _env_float(name: str, default: float) -> float:
    return float(_env_number(name, default, float))


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")


def _env_list(name: str) -> tuple[str, ...]:
    raw = os.environ.get(name, "")
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """Every knob in one place; each field has an env override named NEWSFLOW_<FIELD>."""

    data_dir: Path = field(default_factory=lambda: Path(".newsflow"))
    warehouse_dsn: str | None = None
    spacy_model: str = "en_core_web_sm"
    user_agent: str = "newsflow/0.1 (+https://github.com/newsflow/newsflow; news pipeline bot)"
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    per_host_delay: float = 0.5
    obey_robots: bool = True
    allow_private_hosts: tuple[str, ...] = ()
    max_retry_after: float = 30.0
    total_timeout: float = 20.0  # wall clock for one request: connect + headers + body, all hops
    fetch_budget: float = 30.0  # wall clock for one fetch() with its retries, unless a budget is passed
    max_crawl_delay: float = 10.0  # a robots.txt Crawl-delay above this is used at this value
    robots_ttl: float = 24 * 3600.0  # how long a robots.txt is reused; RFC 9309 caps it at 24 h
    feed_budget: float = 40 * 60.0  # wall clock for one feed's article downloads; the rest wait a run
    # texts per nlp.pipe batch: small batches balance n_process workers (bench nlp: 1.48x
    # with 32, 1.54x with 16, 1.60-1.66x with 8) and halve peak RSS, at the same 1-process speed
    nlp_batch_size: int = 8
    nlp_n_process: int = 1
    # longest text analysed (spaCy's memory grows with the text: ~3.5 GB for 999k characters);
    # longer articles are recorded as too_long
    nlp_max_chars: int = 100_000
    # characters parsed together at most (one process): with the cap, a batch's peak RSS stays
    # near model + 3.3 KB per character (bench nlp --long)
    nlp_batch_chars: int = 200_000
    #: the bundled attribution tagger (""), another saved one (a directory), or "off" (rules alone)
    attribution_model: str = ""
    #: quotes below this confidence are hidden by default (News view, `newsflow quotes`, report)
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    #: the feeds file the DAGs and the CLI read (NEWSFLOW_FEEDS_FILE)
    feeds_file: Path = DEFAULT_FEEDS_FILE
    #: the Airflow connection news_warehouse in its env form (AIRFLOW_CONN_NEWS_WAREHOUSE)
    airflow_conn: str | None = None
    #: news_ingest's schedule: a poll round every 10 minutes fetches the feeds that are due
    #: (cron or preset; "@daily" suits a handful of feeds)
    poll_schedule: str = "*/10 * * * *"
    #: most mapped tasks per poll round, whatever the feed count (a site's feeds share a shard)
    poll_shards: int = 16
    #: sites fetched at once inside a shard (threads on one Fetcher; per-site spacing kept)
    shard_concurrency: int = 8
    #: wall clock after which a shard starts no further feed (the rest stay due for the next round)
    shard_budget: float = 45 * 60.0
    #: wall clock for reading one gap's window from sitemaps or archive feeds
    backfill_budget: float = 120.0
    #: feed_fetches rows kept this many days (news.feed_days keeps the daily counts)
    fetch_retention_days: int = 30
    #: pipeline_runs (and poll plans) kept this many days
    run_retention_days: int = 90
    #: raw HTML (news.article_html) kept this many days; 0 keeps it forever
    html_retention_days: int = 0
    #: who runs the DAGs when not the deployment: "test" under `airflow dags test` (the demo), so
    #: run records say so and the News view does not link them to the Airflow UI
    run_origin: str | None = None
    log_level: str = "WARNING"
    sample_port: int = 8765  # the sample site (`newsflow serve-sample`, `make airflow`)
    airflow_port: int = 8080  # `make airflow`'s api-server

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("NEWSFLOW_DATA_DIR") or PROJECT_ROOT / ".newsflow")
        return cls(
            data_dir=data_dir,
            warehouse_dsn=os.environ.get("NEWSFLOW_WAREHOUSE_DSN") or None,
            spacy_model=os.environ.get("NEWSFLOW_SPACY_MODEL", "").strip() or cls.spacy_model,
            user_agent=os.environ.get("NEWSFLOW_USER_AGENT", cls.user_agent),
            connect_timeout=_env_float("NEWSFLOW_CONNECT_TIMEOUT", cls.connect_timeout),
            read_timeout=_env_float("NEWSFLOW_READ_TIMEOUT", cls.read_timeout),
            max_bytes=_env_int("NEWSFLOW_MAX_BYTES", cls.max_bytes),
            max_redirects=_env_int("NEWSFLOW_MAX_REDIRECTS", cls.max_redirects),
            per_host_delay=_env_float("NEWSFLOW_PER_HOST_DELAY", cls.per_host_delay),
            obey_robots=_env_bool("NEWSFLOW_OBEY_ROBOTS", cls.obey_robots),
            allow_private_hosts=_env_list("NEWSFLOW_ALLOW_PRIVATE_HOSTS"),
            max_retry_after=_env_float("NEWSFLOW_MAX_RETRY_AFTER", cls.max_retry_after),
            total_timeout=_env_float("NEWSFLOW_TOTAL_TIMEOUT", cls.total_timeout),
            fetch_budget=_env_float("NEWSFLOW_FETCH_BUDGET", cls.fetch_budget),
            max_crawl_delay=_env_float("NEWSFLOW_MAX_CRAWL_DELAY", cls.max_crawl_delay),
            robots_ttl=_env_float("NEWSFLOW_ROBOTS_TTL", cls.robots_ttl),
            feed_budget=_env_float("NEWSFLOW_FEED_BUDGET", cls.feed_budget),
            nlp_batch_size=_env_int("NEWSFLOW_NLP_BATCH_SIZE", cls.nlp_batch_size),
            nlp_n_process=_env_int("NEWSFLOW_NLP_N_PROCESS", cls.nlp_n_process),
            nlp_max_chars=_env_int("NEWSFLOW_NLP_MAX_CHARS", cls.nlp_max_chars),
            nlp_batch_chars=_env_int("NEWSFLOW_NLP_BATCH_CHARS", cls.nlp_batch_chars),
            attribution_model=os.environ.get("NEWSFLOW_ATTRIBUTION_MODEL", "").strip(),
            min_confidence=_env_float("NEWSFLOW_MIN_CONFIDENCE", cls.min_confidence),
            feeds_file=Path(os.environ.get("NEWSFLOW_FEEDS_FILE") or DEFAULT_FEEDS_FILE),
            airflow_conn=os.environ.get(AIRFLOW_CONN_ENV) or None,
            poll_schedule=os.environ.get("NEWSFLOW_POLL_SCHEDULE", "").strip() or cls.poll_schedule,
            poll_shards=_env_int("NEWSFLOW_POLL_SHARDS", cls.poll_shards),
            shard_concurrency=_env_int("NEWSFLOW_SHARD_CONCURRENCY", cls.shard_concurrency),
            shard_budget=_env_float("NEWSFLOW_SHARD_BUDGET", cls.shard_budget),
            backfill_budget=_env_float("NEWSFLOW_BACKFILL_BUDGET", cls.backfill_budget),
            fetch_retention_days=_env_int("NEWSFLOW_FETCH_RETENTION_DAYS", cls.fetch_retention_days),
            run_retention_days=_env_int("NEWSFLOW_RUN_RETENTION_DAYS", cls.run_retention_days),
            html_retention_days=_env_int("NEWSFLOW_HTML_RETENTION_DAYS", cls.html_retention_days),
            run_origin=os.environ.get("NEWSFLOW_RUN_ORIGIN", "").strip() or None,
            log_level=os.environ.get("NEWSFLOW_LOG_LEVEL") or cls.log_level,
            sample_port=_env_int("NEWSFLOW_SAMPLE_PORT", cls.sample_port),
            airflow_port=_env_int("NEWSFLOW_AIRFLOW_PORT", cls.airflow_port),
        )


def _environment_key() -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in os.environ.items()
                        if k.startswith("NEWSFLOW_") or k == AIRFLOW_CONN_ENV))


@lru_cache(maxsize=4)
def _settings_for(_key: tuple[tuple[str, str], ...]) -> Settings:
    return Settings.from_env()


def get_settings() -> Settings:
    """The settings, read from the environment once per change of the variables they use."""
    return _settings_for(_environment_key())


get_settings.cache_clear = _settings_for.cache_clear  # type: ignore[attr-defined]
