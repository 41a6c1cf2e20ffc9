"""docs/project-format.md says what the code says: its generated tables match the schema."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from planner.core.schema import LAYERS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "gen_project_format", DOCS / "gen_project_format.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_doc_matches_the_generator() -> None:
    text = (DOCS / "project-format.md").read_text(encoding="utf-8")
    assert _generator().render(text) == text, (
        "docs/project-format.md is out of date; run python docs/gen_project_format.py"
    )


def test_every_layer_and_field_is_documented() -> None:
    text = (DOCS / "project-format.md").read_text(encoding="utf-8")
    for name, spec in LAYERS.items():
        assert f"### `{name}`" in text
        for field in spec.field_names:
            assert f"| `{field}` |" in text, f"{name}.{field}"


def test_a_stale_block_is_rewritten_and_a_missing_one_refused() -> None:
    gen = _generator()
    text = (DOCS / "project-format.md").read_text(encoding="utf-8")
    stale = text.replace("| `camera_id` | text |", "| `camera_id` | integer |", 1)
    assert stale != text
    assert gen.render(stale) == text
    without = text.replace("<!-- END GENERATED statuses -->", "")
    with pytest.raises(ValueError, match="statuses"):
        gen.render(without)
