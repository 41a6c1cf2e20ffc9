"""Regenerate the tables of ``docs/project-format.md`` from the code that defines them.

The field tables come from :data:`planner.core.schema.LAYERS`, the status and
category lists from :mod:`planner.core.schema`, the assumed camera values from
:data:`planner.core.views.ASSUMED`. Each generated block sits between two
markers in the Markdown file::

    <!-- BEGIN GENERATED layers: docs/gen_project_format.py, do not edit -->
    ...
    <!-- END GENERATED layers -->

Run ``python docs/gen_project_format.py`` after changing the schema;
``--check`` only reports whether the file is up to date (exit status 1 if not).
``tests/test_docs_format.py`` runs the same comparison.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path

from planner.core.levels import LEVEL_PPM
from planner.core.schema import (
    CAMERA_STATUSES,
    LAYERS,
    PRIVATE_CATEGORIES,
    WORKING_STATUSES,
    ZONE_CATEGORIES,
    FieldSpec,
    LayerSpec,
)
from planner.core.views import ASSUMED, ASSUMED_ASPECT

DOC = Path(__file__).resolve().with_name("project-format.md")

#: How each field kind is stored in the GeoPackage.
STORAGE = {
    "text": "text",
    "real": "real",
    "integer": "integer",
    "date": "date (text `YYYY-MM-DD`)",
    "boolean": "boolean (integer 1/0)",
    "intervals": "bearing ranges (text `from-to;from-to`)",
}

_BLOCK = re.compile(
    r"(?P<begin><!-- BEGIN GENERATED (?P<name>[a-z_]+):[^>]*-->\n)"
    r"(?P<body>.*?)"
    r"(?P<end><!-- END GENERATED (?P=name) -->)",
    re.DOTALL,
)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _number(value: float) -> str:
    return f"{value:g}" if not (isinstance(value, float) and math.isinf(value)) else "∞"


def _values(field: FieldSpec) -> str:
    if field.allowed is not None:
        return ", ".join(f"`{value}`" for value in field.allowed)
    if field.minimum is not None and field.maximum is not None:
        return f"{_number(field.minimum)} – {_number(field.maximum)}"
    if field.minimum is not None:
        return f"≥ {_number(field.minimum)}"
    if field.maximum is not None:
        return f"≤ {_number(field.maximum)}"
    return ""


def _default(field: FieldSpec) -> str:
    if field.required:
        return "— (required: the row is skipped)"
    if field.default is not None:
        return f"`{field.default}`"
    return "empty"


def layer_table(spec: LayerSpec) -> str:
    """Markdown section for one layer: what it holds, its geometry and its fields."""
    lines = [
        f"### `{spec.name}`",
        "",
        spec.description,
        "",
        f"- Geometry: {', '.join(spec.geometry)}",
        f"- Identifier field: `{spec.id_field}` (unique; a duplicate row is left out of "
        "computing and kept in the file)"
        if spec.id_field
        else "- Identifier field: none",
        "- Layer: " + ("core" if spec.required else "optional (often empty)"),
        "",
        "| Field | Type | Unit | Values | When missing | OSM tag | Meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for field in spec.fields:
        osm = f"`{field.osm_tag}`" if field.osm_tag else ""
        lines.append(
            "| "
            + " | ".join(
                [
                    f"`{field.name}`",
                    STORAGE[field.kind],
                    field.unit,
                    _cell(_values(field)),
                    _default(field),
                    _cell(osm),
                    _cell(field.description),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def block_layers() -> str:
    """Every layer of :data:`LAYERS`, in file order."""
    return "\n\n".join(layer_table(spec) for spec in LAYERS.values())


def block_statuses() -> str:
    """Camera statuses and whether each counts towards coverage."""
    lines = ["| `status` | Counts towards coverage |", "|---|---|"]
    for status in CAMERA_STATUSES:
        lines.append(f"| `{status}` | {'yes' if status in WORKING_STATUSES else 'no'} |")
    return "\n".join(lines)


def block_assumed() -> str:
    """The values the engine puts in empty camera fields."""
    units = {name: LAYERS["cameras"].field(name).unit for name in ASSUMED}
    lines = ["| Empty field | Assumed value |", "|---|---|"]
    for name, value in ASSUMED.items():
        unit = {"": "", "degree": "°"}.get(units[name], f" {units[name]}")
        lines.append(f"| `{name}` | {value:g}{unit} |")
    lines.append(
        f"| `vfov_deg` | derived from `hfov_deg` for a {ASSUMED_ASPECT * 9:g}:9 sensor: "
        f"2·atan(tan(hfov/2) / {ASSUMED_ASPECT:.4g}); fisheye: hfov / {ASSUMED_ASPECT:.4g} |"
    )
    lines.append(
        "| `bearing_deg` | fixed camera: full circle (it may face anywhere); dome, PTZ and "
        "fisheye cameras see a full circle anyway |"
    )
    return "\n".join(lines)


def block_levels() -> str:
    """DORI levels, the values of ``zones.required_level``."""
    lines = ["| Level | Pixels per metre |", "|---|---|"]
    lines += [f"| `{level}` | {ppm:g} |" for level, ppm in LEVEL_PPM.items()]
    return "\n".join(lines)


def block_categories() -> str:
    """Zone and private-area category identifiers (the contract lists)."""
    zones = ", ".join(f"`{c}`" for c in ZONE_CATEGORIES)
    private = ", ".join(f"`{c}`" for c in PRIVATE_CATEGORIES)
    return f"Zone categories (`zones.category`): {zones}.\n\nPrivate-area categories " + (
        f"(`private_areas.category`): {private}."
    )


BLOCKS: dict[str, Callable[[], str]] = {
    "layers": block_layers,
    "statuses": block_statuses,
    "assumed": block_assumed,
    "levels": block_levels,
    "categories": block_categories,
}


def render(text: str) -> str:
    """``text`` with every generated block replaced by what the code says now.

    Raises ``ValueError`` if a block is unknown or one of :data:`BLOCKS` has no
    markers in ``text``.
    """
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in BLOCKS:
            raise ValueError(f"unknown generated block {name!r}")
        seen.add(name)
        return f"{match['begin']}{BLOCKS[name]()}\n{match['end']}"

    result = _BLOCK.sub(replace, text)
    missing = sorted(set(BLOCKS) - seen)
    if missing:
        raise ValueError(f"no markers for the generated block(s) {', '.join(missing)}")
    return result


def main(argv: list[str] | None = None) -> int:
    """Rewrite the doc in place, or with ``--check`` report whether it is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if stale")
    parser.add_argument("path", nargs="?", type=Path, default=DOC)
    args = parser.parse_args(argv)
    text = args.path.read_text(encoding="utf-8")
    fresh = render(text)
    if args.check:
        if fresh != text:
            print(f"{args.path} is out of date; run python docs/gen_project_format.py")
            return 1
        return 0
    if fresh != text:
        args.path.write_text(fresh, encoding="utf-8")
        print(f"updated {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
