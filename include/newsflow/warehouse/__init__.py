"""The PostgreSQL warehouse: connection resolution, migrations and bulk loads."""
