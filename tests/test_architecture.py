"""The import direction is a rule, not a hope: a complete check of planner's imports.

Every module under ``planner/`` is parsed with :mod:`ast`; every import counts,
wherever it stands — relative ones (``from ..report import x``) are resolved
against the importing module, and imports inside functions count as much as
those at the top (a lazy import is still a dependency; it only hides a cycle).

The layers, lowest first (each may import only itself and the layers below)::

    core  ←  io  ←  report  ←  services  ←  ui, cli

- ``core``: pure computation; no file I/O, no Qt, no folium.
- ``io``: files; ``io`` never imports ``report`` or anything above.
- ``report``: documents built from core results; it sits above ``io``, so
  ``report`` importing ``planner.io.crs`` (the CRS policy) or ``planner.io.files``
  (atomic writing) is allowed.
- ``services``: the orchestration both front ends call (e.g. writing the work
  list in the format of its suffix); it may import ``report``, never the reverse.
- ``ui`` and ``cli``: the two front ends; neither imports the other, except that
  the ``gui`` command of the CLI starts the window through one import of
  ``planner.ui.app`` inside its function, so every other command runs without Qt.

No Qt (PySide6, shiboken6) is imported outside ``planner/ui``, not even lazily.

Inside ``ui``: the document (``ui/document.py``) imports no other part of the
window (canvas, controllers, panels, main window); the canvas imports the
document but never panels or controllers; shared helpers (``ui/i18n.py``,
``ui/labels.py``, ``ui/workers.py``) import none of those parts.

No import cycles between modules, counting imports inside functions.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "planner"
FORBIDDEN_IN_CORE = (
    "planner.io",
    "planner.ui",
    "planner.report",
    "planner.services",
    "planner.cli",
    "PySide6",
    "folium",
    "pyogrio",
    "osmium",
)
QT_PACKAGES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")


@dataclass(frozen=True)
class Import:
    """One import statement's target, resolved to an absolute module name."""

    importer: str  # the importing module, e.g. "planner.io.worklist"
    line: int
    imported: str  # e.g. "planner.report.worklist_report" or "PySide6.QtCore"
    top_level: bool  # False for an import inside a function
    path: str  # file of the importer, relative to the repository
    type_only: bool = False  # under ``if TYPE_CHECKING:``: never runs

    def __str__(self) -> str:
        where = "" if self.top_level else " (inside a function)"
        where += " (if TYPE_CHECKING)" if self.type_only else ""
        return f"{self.path}:{self.line}: {self.importer} imports {self.imported}{where}"


def module_name(path: Path, root: Path = PACKAGE) -> str:
    """``planner/io/worklist.py`` → ``planner.io.worklist``; ``pkg/__init__.py`` → ``pkg``."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports_under(nodes: Iterable[ast.AST]) -> set[int]:
    return {
        id(sub)
        for node in nodes
        for sub in ast.walk(node)
        if isinstance(sub, (ast.Import, ast.ImportFrom))
    }


def _function_level_nodes(tree: ast.AST) -> set[int]:
    """ids of the import nodes that run only when a function runs."""
    functions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    return _imports_under(n for n in ast.walk(tree) if isinstance(n, functions))


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:`` (for annotations only)."""
    blocks = []
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                blocks.extend(node.body)
    return _imports_under(blocks)


def imports_of(
    source: str,
    module: str,
    *,
    is_package: bool = False,
    known: frozenset[str] | set[str] = frozenset(),
    path: str = "",
) -> list[Import]:
    """Every import of ``source`` (the text of ``module``), wherever it stands.

    Relative imports are resolved against ``module`` (``from ..report import x``
    in ``planner.io.worklist`` is ``planner.report``); ``from package import
    name`` is the submodule ``package.name`` when that is one of the ``known``
    modules. Imports inside functions, ``if TYPE_CHECKING`` blocks and ``try``
    blocks all count: a lazy import is still a dependency. One entry per
    statement and imported module.
    """
    tree = ast.parse(source, filename=path or module)
    lazy = _function_level_nodes(tree)
    typing_only = _type_checking_nodes(tree)
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []

    def add(node: ast.stmt, name: str) -> None:
        entry = Import(
            module, node.lineno, name, id(node) not in lazy, path or module, id(node) in typing_only
        )
        if entry not in found:
            found.append(entry)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(node, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                if node.level - 1 >= len(base):
                    raise ValueError(f"{path or module}:{node.lineno}: relative import beyond top")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                add(node, submodule if submodule in known else target)
    found.sort(key=lambda i: (i.line, i.imported))
    return found


def _package_files() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _package_files()


def all_imports() -> list[Import]:
    """Every import of every module under planner/."""
    known = frozenset(MODULES)
    found = []
    for module, path in MODULES.items():
        found.extend(
            imports_of(
                path.read_text(encoding="utf-8"),
                module,
                is_package=path.name == "__init__.py",
                known=known,
                path=str(path.relative_to(PACKAGE.parent)),
            )
        )
    return found


def internal(imports: Iterable[Import]) -> list[Import]:
    """The imports of planner's own modules (imported names resolved to the module holding them)."""
    return [i for i in imports if i.imported == "planner" or i.imported.startswith("planner.")]


def _within(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


# ---------------------------------------------------------------- layers

#: What each layer may import (of planner's own layers).
ALLOWED_LAYERS = {
    "core": {"core"},
    "io": {"core", "io"},
    "report": {"core", "io", "report"},
    "services": {"core", "io", "report", "services"},
    "ui": {"core", "io", "report", "services", "ui"},
    "cli": {"core", "io", "report", "services", "cli"},
}
#: The one way up from the CLI: ``planner gui`` starts the window, inside its function.
CLI_OPENS_WINDOW = "planner.ui.app"


def layer_of(module: str) -> str:
    """``planner.io.worklist`` → ``io``; the package root (only its version) counts as core."""
    parts = module.split(".")
    if parts[0] != "planner":
        raise ValueError(f"{module} is not planner's")
    if len(parts) == 1:
        return "core"
    if parts[1] == "__main__":  # ``python -m planner``: the command line
        return "cli"
    if parts[1] not in ALLOWED_LAYERS:
        raise ValueError(f"{module} is in no layer; add its package to ALLOWED_LAYERS")
    return parts[1]


def layer_violations(imports: Iterable[Import]) -> list[Import]:
    """The imports that point up (or sideways between ui and cli)."""
    bad = []
    for i in internal(imports):
        if layer_of(i.imported) in ALLOWED_LAYERS[layer_of(i.importer)]:
            continue
        if layer_of(i.importer) == "cli" and i.imported == CLI_OPENS_WINDOW and not i.top_level:
            continue
        bad.append(i)
    return bad


def qt_violations(imports: Iterable[Import]) -> list[Import]:
    """Qt imported outside planner/ui."""
    return [i for i in imports if _within(i.imported, QT_PACKAGES) and layer_of(i.importer) != "ui"]


# ---------------------------------------------------------------- inside ui

#: What each part of the window may import of the other parts ("shared": i18n, labels, workers).
UI_ALLOWED = {
    "shared": {"shared"},
    "document": {"document", "shared"},
    "canvas": {"canvas", "document", "shared"},
    "panels": {"panels", "controllers", "canvas", "document", "shared"},
    "controllers": {"controllers", "panels", "canvas", "document", "shared"},
    "window": {"window", "controllers", "panels", "canvas", "document", "shared"},
}
_UI_PARTS = {
    "planner.ui.document": "document",
    "planner.ui.canvas": "canvas",
    "planner.ui.panels": "panels",
    "planner.ui.controllers": "controllers",
    "planner.ui.main_window": "window",
    "planner.ui.app": "window",
    "planner.ui": "window",
}


def ui_part(module: str) -> str:
    """Which part of the window ``module`` is (a planner.ui module)."""
    for prefix, part in _UI_PARTS.items():
        if prefix != "planner.ui" and _within(module, [prefix]):
            return part
    return "window" if module == "planner.ui" else "shared"


def ui_violations(imports: Iterable[Import]) -> list[Import]:
    """Imports inside ui against the direction document ← canvas ← panels/controllers."""
    bad = []
    for i in internal(imports):
        if (
            layer_of(i.importer) == "ui"
            and layer_of(i.imported) == "ui"
            and ui_part(i.imported) not in UI_ALLOWED[ui_part(i.importer)]
        ):
            bad.append(i)
    return bad


# ---------------------------------------------------------------- cycles


def import_cycles(imports: Iterable[Import]) -> list[list[str]]:
    """Groups of modules that import each other (strongly connected components > 1, Tarjan).

    Imports inside functions count; those under ``if TYPE_CHECKING:`` do not
    (they never run: a view and its tools may name each other's types).
    """
    graph: dict[str, set[str]] = {}
    for i in internal(imports):
        if i.type_only:
            continue
        graph.setdefault(i.importer, set())
        graph.setdefault(i.imported, set())
        if i.imported != i.importer:
            graph[i.importer].add(i.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(start: str) -> None:
        # iterative Tarjan: (node, iterator over its successors)
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph[succ]))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


def _cycle_report(cycles: list[list[str]], imports: list[Import]) -> str:
    lines = []
    for members in cycles:
        lines.append("cycle: " + ", ".join(members))
        inside = set(members)
        lines.extend(
            f"  {i}" for i in internal(imports) if i.importer in inside and i.imported in inside
        )
    return "\n".join(lines)


def _report(title: str, bad: list[Import]) -> str:
    return title + ":\n" + "\n".join(f"  {i}" for i in bad)


# ---------------------------------------------------------------- the rules

IMPORTS = all_imports()


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        layer_of(module)  # raises for a package outside the layers


def test_imports_point_down_the_layers() -> None:
    bad = layer_violations(IMPORTS)
    assert bad == [], _report("imports against core ← io ← report ← services ← ui/cli", bad)


def test_no_qt_outside_ui() -> None:
    bad = qt_violations(IMPORTS)
    assert bad == [], _report("Qt imported outside planner/ui", bad)


def test_the_cli_opens_the_window_only_lazily() -> None:
    into_ui = [
        i for i in internal(IMPORTS) if i.importer == "planner.cli" and layer_of(i.imported) == "ui"
    ]
    assert into_ui, "planner gui no longer imports planner.ui.app: update CLI_OPENS_WINDOW"
    bad = [i for i in into_ui if i.top_level or i.imported != CLI_OPENS_WINDOW]
    assert bad == [], _report("the CLI imports the window at load time", bad)


def test_inside_ui_imports_point_to_the_document() -> None:
    bad = ui_violations(IMPORTS)
    assert bad == [], _report(
        "inside ui: document ← canvas ← panels/controllers ← main window; "
        "document and canvas never import panels or controllers",
        bad,
    )


def test_no_import_cycles() -> None:
    cycles = import_cycles(IMPORTS)
    assert cycles == [], _cycle_report(cycles, IMPORTS)


CORE_FILES = sorted((PACKAGE / "core").rglob("*.py"))


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.name)
def test_core_imports_nothing_outside_core(path: Path) -> None:
    bad = [
        i
        for i in IMPORTS
        if MODULES.get(i.importer) == path and _within(i.imported, FORBIDDEN_IN_CORE)
    ]
    assert bad == [], _report(f"{path.name} imports outside core", bad)


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


# ---------------------------------------------------------------- the check checks

_KNOWN = frozenset(
    {
        "planner",
        "planner.io",
        "planner.io.worklist",
        "planner.report",
        "planner.report.worklist_report",
        "planner.ui",
        "planner.ui.document",
        "planner.ui.panels",
        "planner.ui.panels.labels",
        "planner.ui.canvas",
        "planner.ui.canvas.style",
        "planner.ui.controllers",
        "planner.ui.controllers.survey",
        "planner.ui.controllers.survey_wizard",
    }
)


def test_the_check_catches_a_forbidden_import() -> None:
    found = imports_of(
        "from planner.io.project import read_project\nimport PySide6.QtCore\n",
        "planner.core.bad",
        known=_KNOWN,
    )
    assert [i.imported for i in found] == ["planner.io.project", "PySide6.QtCore"]
    assert layer_violations(found) == found[:1]
    assert qt_violations(found) == found[1:]


def test_the_check_resolves_relative_and_lazy_imports() -> None:
    """The leaks this check was written for: each is flagged with its line."""
    found = imports_of(
        "from ..report.worklist_report import worklist_html\n"
        "def f():\n"
        "    from .. import report\n"
        "    from ..ui.panels import labels\n",
        "planner.io.worklist",
        known=_KNOWN,
        path="planner/io/worklist.py",
    )
    assert [(i.line, i.imported, i.top_level) for i in found] == [
        (1, "planner.report.worklist_report", True),
        (3, "planner.report", False),
        (4, "planner.ui.panels.labels", False),
    ]
    assert layer_violations(found) == found
    assert "planner/io/worklist.py:1: planner.io.worklist imports planner.report" in str(found[0])
    package = imports_of("from . import document\n", "planner.ui", is_package=True, known=_KNOWN)
    assert [i.imported for i in package] == ["planner.ui.document"]


def test_the_check_catches_ui_leaks_and_cycles() -> None:
    document = imports_of(
        "from planner.ui.panels.labels import value_label\n", "planner.ui.document", known=_KNOWN
    )
    canvas = imports_of("from ..panels import labels\n", "planner.ui.canvas.style", known=_KNOWN)
    assert ui_violations(document + canvas) == document + canvas
    survey = imports_of(
        "def open_wizard():\n    from .survey_wizard import SurveyWizard\n",
        "planner.ui.controllers.survey",
        known=_KNOWN,
    )
    wizard = imports_of(
        "from planner.ui.controllers.survey import SurveyOptions\n",
        "planner.ui.controllers.survey_wizard",
        known=_KNOWN,
    )
    assert import_cycles(survey + wizard) == [
        ["planner.ui.controllers.survey", "planner.ui.controllers.survey_wizard"]
    ]
    assert import_cycles(wizard) == []
    lazy_gui = imports_of("def gui():\n    from planner.ui.app import run\n", "planner.cli")
    eager_gui = imports_of("from planner.ui.app import run\n", "planner.cli")
    assert layer_violations(lazy_gui) == []
    assert layer_violations(eager_gui) == eager_gui
