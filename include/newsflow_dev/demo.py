"""`make demo`: embedded PostgreSQL + the sample site on loopback + the real DAGs via Airflow."""

from __future__ import annotations

import json
import sys
import time
from contextlib import ExitStack
from typing import Any

from newsflow.ingest import pipeline
from newsflow.newsroom import report
from newsflow.settings import SAMPLE_FEEDS_FILE, get_settings
from newsflow.warehouse import db
from newsflow.warehouse import report as warehouse_report
from newsflow_dev import airflow_env

# Tables whose full contents must be identical after a repeated run.
_FINGERPRINT_TABLES = ["feed_entries", "articles", "article_html", "entities", "entity_mentions", "quotes"]


def warehouse_fingerprint(dsn: str) -> dict[str, str]:
    """md5 of every row of the data tables (run logs excluded), to prove a re-run is a no-op."""
    out: dict[str, str] = {}
    with db.connection(dsn) as conn, conn.cursor() as cur:
        for table in _FINGERPRINT_TABLES:
            cur.execute("SELECT to_regclass(%s)", (f"news.{table}",))
            if cur.fetchone()[0] is None:
                continue
            cur.execute(
                f"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
                f"FROM news.{table} t"
            )
            out[table] = cur.fetchone()[0]
    return out


def _last_ingest(dsn: str) -> dict[str, Any]:
    with db.connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT run_id, stats FROM news.pipeline_runs WHERE stage = 'ingest' "
            "ORDER BY started_at DESC LIMIT 1"
        )
        row = cur.fetchone()
        if not row:
            return {}
        run_id = row[0]
        cur.execute(
            "SELECT count(*) FILTER (WHERE not_modified), count(*), coalesce(sum(entries_new), 0) "
            "FROM news.feed_fetches WHERE run_id = %s",
            (run_id,),
        )
        not_modified, fetched, new_entries = cur.fetchone()
    stats = row[1] or {}
    downloaded = sum(sum(a.get("statuses", {}).values()) for a in stats.get("articles", []))
    return {"run_id": run_id, "feeds_fetched": fetched, "feeds_not_modified": not_modified,
            "new_entries": int(new_entries), "articles_downloaded": downloaded}


def _run_dag(dag_id: str, env: dict[str, str], say) -> None:
    say(f"running DAG {dag_id} through Airflow (airflow dags test → dag.test()) …")
    started = time.monotonic()
    proc = airflow_env.dags_test(dag_id, env)
    if proc.returncode != 0 or "DagRun failed" in proc.stdout + proc.stderr:
        sys.stderr.write(proc.stdout[-6000:] + "\n" + proc.stderr[-6000:] + "\n")
        raise RuntimeError(f"DAG {dag_id} failed (exit {proc.returncode})")
    say(f"  {dag_id} finished in {time.monotonic() - started:.0f}s")


def main(json_out: bool = False, port: int = 8765, keep_going: bool = True) -> int:
    from newsflow_dev import sample_site

    say = (lambda _m: None) if json_out else print
    settings = get_settings()
    dsn = pipeline.prepare_warehouse(None)
    say(f"warehouse: {db.describe_dsn(dsn)}")
    before = warehouse_fingerprint(dsn)
    demo_dir = settings.data_dir / "demo"
    demo_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        try:
            site = stack.enter_context(sample_site.serve(port=port))
        except OSError as exc:
            raise SystemExit(
                f"cannot serve the sample site on 127.0.0.1:{port} ({exc}); pick another port "
                "with --port or NEWSFLOW_SAMPLE_PORT (keep it fixed across runs: URLs include it)"
            ) from None
        say(f"sample news site: {site.base_url}")
        feeds_file = sample_site.render_feeds_file(site.base_url, demo_dir / "feeds.yaml", SAMPLE_FEEDS_FILE)
        env = airflow_env.local_env(
            settings.data_dir / "airflow",
            {
                "NEWSFLOW_FEEDS_FILE": str(feeds_file),
                "NEWSFLOW_WAREHOUSE_DSN": dsn,
                "NEWSFLOW_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
                "NEWSFLOW_PER_HOST_DELAY": "0.02",
                "NEWSFLOW_DATA_DIR": str(settings.data_dir),
            },
        )
        say(f"airflow home: {env['AIRFLOW_HOME']} (db migrate on first use)")
        airflow_env.ensure_metadata_db(env)
        _run_dag("news_ingest", env, say)
        if keep_going:
            _run_dag("news_enrich", env, say)
            _run_dag("news_marts", env, say)
    after = warehouse_fingerprint(dsn)
    last = _last_ingest(dsn)
    data = warehouse_report.collect(dsn)
    first_run = before.get("articles", "0:").startswith("0:")
    unchanged = not first_run and before == after
    if json_out:
        print(json.dumps({"last_ingest": last, "warehouse_unchanged": unchanged, "report": data},
                         default=str, indent=2))
        return 0
    print()
    report.print_all(data)
    print()
    print(
        f"this run: {last.get('feeds_fetched', 0)} feeds fetched, "
        f"{last.get('feeds_not_modified', 0)} answered 304 Not Modified (not parsed), "
        f"{last.get('articles_downloaded', 0)} article pages downloaded"
    )
    if unchanged:
        print("warehouse unchanged by this run: every data table is identical to before (re-run is a no-op)")
    elif not first_run:
        changed = [t for t in after if before.get(t) != after[t]]
        print(f"warehouse changed in: {', '.join(changed)}")
    else:
        print("first run: warehouse created and loaded")
    return 0
