#!/usr/bin/env bash
# Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d): the
# warehouse gets its own role and database, so DAG tasks never hold Airflow's metadata credentials
# and cannot reach the `airflow` database.
set -euo pipefail
: "${NEWSFLOW_WAREHOUSE_PASSWORD:?NEWSFLOW_WAREHOUSE_PASSWORD is not set (see .env.example)}"
# psql substitutes :'password' as a quoted literal, so the value needs no escaping here.
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" \
     --dbname "${POSTGRES_DB:-postgres}" -v password="$NEWSFLOW_WAREHOUSE_PASSWORD" <<'SQL'
CREATE ROLE newsflow LOGIN PASSWORD :'password';
CREATE DATABASE newsflow OWNER newsflow;
REVOKE ALL ON DATABASE newsflow FROM PUBLIC;
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
-- The News view's read-only role (migration 009 grants it SELECT on schema news): the warehouse
-- user may become it, and needs no CREATEROLE.
CREATE ROLE news_reader NOLOGIN;
GRANT news_reader TO newsflow;
SQL
