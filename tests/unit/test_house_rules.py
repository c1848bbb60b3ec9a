"""The package's house rules, checked over its source: settings read in one place, layers that
point down, developer tools apart from the runtime."""

from __future__ import annotations

import ast
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
