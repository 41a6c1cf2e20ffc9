"""docs/architecture.md stays the map of the house: every module it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
#: A path relative to planner/ as the document writes them: `ui/document.py`, `core/`.
_PATH = re.compile(r"`((?:core|io|report|services|ui)(?:/[A-Za-z0-9_]+)*(?:\.py|/))`")


def test_every_module_the_map_names_exists() -> None:
    named = set(_PATH.findall(DOC.read_text(encoding="utf-8")))
    assert len(named) > 20  # the map names the house's rooms
    missing = sorted(n for n in named if not (ROOT / "planner" / n.rstrip("/")).exists())
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"


def test_every_package_is_on_the_map() -> None:
    text = DOC.read_text(encoding="utf-8")
    packages = sorted(p.name for p in (ROOT / "planner").iterdir() if (p / "__init__.py").exists())
    assert packages
    for package in packages:
        assert f"{package}/" in text, f"package planner/{package} is not on the map"
