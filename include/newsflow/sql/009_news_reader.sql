-- 009: news_reader, the read-only role of the News view (and of analysts who only look).
--
-- It may read every table and view of schema news and nothing else: no write, no DDL, no other
-- schema. The News view connects with the warehouse connection and becomes this role at login
-- (libpq options `-c role=news_reader -c default_transaction_read_only=on`, see
-- newsflow.newsroom.readonly), so it needs no password or connection of its own.
--
-- Roles belong to the whole server, not to one database: the role is created once and reused
-- by every warehouse database on the server (idempotent).
--
-- Non-superuser deployments: the migrating user needs CREATEROLE, or an administrator runs once
--     CREATE ROLE news_reader NOLOGIN;
--     GRANT news_reader TO <warehouse user>;      -- lets the warehouse user become news_reader
-- before this migration (docker/create-warehouse-db.sh does so for the `newsflow` user).
-- Without either, this migration stops with that instruction.

DO $$
DECLARE
    me_super boolean;
    me_createrole boolean;
BEGIN
    SELECT rolsuper, rolcreaterole INTO me_super, me_createrole FROM pg_roles WHERE rolname = current_user;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'news_reader') THEN
        IF NOT (me_super OR me_createrole) THEN
            RAISE EXCEPTION 'role news_reader is missing and % may not create roles', current_user
                USING HINT = format('As an administrator: CREATE ROLE news_reader NOLOGIN; GRANT news_reader TO %I;',
                                    current_user);
        END IF;
        CREATE ROLE news_reader NOLOGIN;
        COMMENT ON ROLE news_reader IS
            'newsflow: read-only (SELECT on schema news only); the role of the News view in the Airflow UI.';
    END IF;
    -- The warehouse user must be able to become news_reader (a superuser always can). Since
    -- PostgreSQL 16 a role's creator holds ADMIN on it but not SET unless granted.
    IF NOT me_super THEN
        IF current_setting('server_version_num')::int >= 160000 THEN
            IF NOT pg_has_role(current_user, 'news_reader', 'SET') THEN
                EXECUTE format('GRANT news_reader TO %I WITH SET TRUE, INHERIT FALSE', current_user);
            END IF;
        ELSIF NOT pg_has_role(current_user, 'news_reader', 'MEMBER') THEN
            EXECUTE format('GRANT news_reader TO %I', current_user);
        END IF;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA news TO news_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA news TO news_reader;
-- Tables and views later migrations create (as the same migrating user) are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA news GRANT SELECT ON TABLES TO news_reader;

-- What the News view asks often (bench newsroom): the overview's articles by status today and this
-- week (by arrival), and a speaker's page (quotes of one resolved speaker).
CREATE INDEX IF NOT EXISTS articles_first_seen_at_idx ON news.articles (first_seen_at);
CREATE INDEX IF NOT EXISTS quotes_speaker_idx ON news.quotes (speaker);
