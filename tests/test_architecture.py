"""The import direction is a rule, not a hope: core never imports io, ui, report or Qt."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "planner"
FORBIDDEN_IN_CORE = (
    "planner.io",
    "planner.ui",
    "planner.report",
    "planner.cli",
    "PySide6",
    "folium",
    "pyogrio",
    "osmium",
)


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


CORE_FILES = sorted((PACKAGE / "core").rglob("*.py"))


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.name)
def test_core_imports_nothing_outside_core(path: Path) -> None:
    bad = [
        name
        for name in _imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_CORE)
    ]
    assert bad == [], f"{path.name} imports {bad}"


def test_core_does_no_file_io() -> None:
    offenders = []
    for path in CORE_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "open":
                offenders.append(path.name)
            if isinstance(node, ast.Attribute) and node.attr in (
                "read_file",
                "to_file",
                "read_text",
                "write_text",
            ):
                offenders.append(path.name)
    assert offenders == []


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from planner.io.project import read_project\nimport PySide6.QtCore\n")
    assert _imported_modules(sample) == ["planner.io.project", "PySide6.QtCore"]
