from newsflow.warehouse import migrate


def test_migrations_from_zero_then_noop(dsn):
    from newsflow.warehouse import db

    conn = db.connect(dsn)
    try:
        first = migrate.migrate(conn)
        again = migrate.migrate(conn)
        versions = migrate.applied(conn)
    finally:
        conn.close()
    assert first and first[0].startswith("001_")
    assert again == []
    assert [v for v, _ in versions] == sorted(v for v, _ in versions)
