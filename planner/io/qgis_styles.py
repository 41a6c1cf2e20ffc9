"""Default QGIS styles for the layers of a project GeoPackage (see docs/qgis.md).

QGIS keeps styles saved "to the database" in a GeoPackage table
``layer_styles``; a row with ``useAsDefault = 1`` is applied when the layer is
opened. Every save of :func:`planner.io.project.write_project` gives each
styled layer such a row, so QGIS shows cameras by status with their direction
and label, zones by category, hatched private areas and grey buildings
instead of random colours.

**A user's style is never overwritten.** The planner's rows are marked
(:data:`STYLE_NAME` and :data:`STYLE_OWNER`; QGIS writes an empty owner when it
saves a style). A layer with any other row — a style the user saved, under
any name — is left alone, the planner's old row included; re-saving updates
the planner's own row in place and writes nothing when it is unchanged.

The first part of this module builds QML text only (pure); :func:`write_styles`
writes the table, in the schema QGIS itself creates (QGIS 3.22 through GDAL:
:data:`CREATE_TABLE`).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from xml.sax.saxutils import quoteattr

from planner.core.schema import CAMERA_STATUSES, ZONE_CATEGORIES
from planner.core.vocabulary import label

#: ``styleName`` and ``owner`` of the planner's own rows (QGIS limits both to 30 characters).
STYLE_NAME = "Coverage Planner default"
STYLE_OWNER = "coverage-planner"
STYLE_DESCRIPTION = (
    "Written by Coverage Planner on every save. Save your own style (any name) "
    "and the planner leaves this layer's styles alone."
)
TABLE = "layer_styles"
#: The table as QGIS 3.22 creates it through GDAL ("Save style to database").
CREATE_TABLE = (
    'CREATE TABLE "layer_styles" ( "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
    '"f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" TEXT(256), '
    '"f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT, '
    '"useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30), '
    "\"update_time\" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)
COLUMNS = (
    "id",
    "f_table_catalog",
    "f_table_schema",
    "f_table_name",
    "f_geometry_column",
    "styleName",
    "styleQML",
    "styleSLD",
    "useAsDefault",
    "description",
    "owner",
    "ui",
    "update_time",
)
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

# Colours as in the planner's map window (planner/ui/canvas/style.py).
STATUS_COLOURS: Mapping[str, str] = {
    "planned": "#ffffff",  # hollow: not built yet
    "in_service": "#2166ac",
    "faulty": "#b35806",
    "offline": "#7f7f7f",
    "removed": "#bdbdbd",
    "unknown": "#4d7fb3",
}
ZONE_COLOURS: Mapping[str, str] = {
    "intersection": "#f28e2b",
    "square": "#d4a017",
    "estate_entrance": "#e377c2",
    "fire_lane": "#8c564b",
    "trunk_road": "#a6a61e",
    "transit_hub": "#17becf",
    "car_park_entrance": "#8f8f8f",
    "school_entrance": "#c994c7",
    "hospital_entrance": "#005f73",
    "bridge_tunnel": "#404040",
}
OTHER_COLOUR = "#969696"
CAMERA_OUTLINE = "#1b1b1b"
BUILDING_FILL, BUILDING_OUTLINE = "#d9d6d0", "#8c8880"
PRIVATE_COLOUR = "#c2185b"  # red-magenta hatching
ROAD_COLOUR = "#a0a0a0"
PRIORITY_COLOURS = ("#d7191c", "#fdae61", "#ffd92f", "#a6d96a", "#1a9641")


# ====================================================================== QML text
def _rgba(colour: str, alpha: int = 255) -> str:
    value = colour.lstrip("#")
    red, green, blue = (int(value[k : k + 2], 16) for k in (0, 2, 4))
    return f"{red},{green},{blue},{alpha}"


def _props(props: Mapping[str, str]) -> str:
    return "".join(f"<prop k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in props.items())


def _data_defined(properties: Mapping[str, str]) -> str:
    """A symbol layer's data-defined properties: property name → expression."""
    inner = "".join(
        f'<Option type="Map" name={quoteattr(name)}>'
        '<Option type="bool" name="active" value="true"/>'
        f'<Option type="QString" name="expression" value={quoteattr(expression)}/>'
        '<Option type="int" name="type" value="3"/></Option>'
        for name, expression in properties.items()
    )
    properties_option = (
        f'<Option type="Map" name="properties">{inner}</Option>'
        if inner
        else '<Option name="properties"/>'
    )
    return (
        '<data_defined_properties><Option type="Map">'
        '<Option type="QString" name="name" value=""/>'
        f"{properties_option}"
        '<Option type="QString" name="type" value="collection"/>'
        "</Option></data_defined_properties>"
    )


def _layer(
    kind: str,
    props: Mapping[str, str],
    *,
    data_defined: Mapping[str, str] | None = None,
    sub_symbol: str = "",
) -> str:
    return (
        f'<layer class={quoteattr(kind)} enabled="1" locked="0" pass="0">'
        f"{_props(props)}{_data_defined(data_defined or {})}{sub_symbol}</layer>"
    )


def _symbol(kind: str, name: str, layers: Sequence[str]) -> str:
    return (
        f'<symbol type="{kind}" name={quoteattr(name)} alpha="1" clip_to_extent="1" '
        f'force_rhr="0">{_data_defined({})}{"".join(layers)}</symbol>'
    )


def _marker(shape: str, fill: str, outline: str, size: float, **extra: str) -> dict[str, str]:
    return {
        "name": shape,
        "color": fill,
        "outline_color": outline,
        "outline_style": "solid",
        "outline_width": "0.3",
        "outline_width_unit": "MM",
        "size": f"{size:g}",
        "size_unit": "MM",
        "angle": "0",
        "offset": "0,0",
        "offset_unit": "MM",
        "horizontal_anchor_point": "1",
        "vertical_anchor_point": "1",
        "joinstyle": "miter",
        "scale_method": "diameter",
        **extra,
    }


def _simple_fill(fill: str, outline: str, width: float = 0.3, brush: str = "solid") -> str:
    return _layer(
        "SimpleFill",
        {
            "color": fill,
            "style": brush,
            "outline_color": outline,
            "outline_style": "solid",
            "outline_width": f"{width:g}",
            "outline_width_unit": "MM",
            "joinstyle": "miter",
        },
    )


def _simple_line(colour: str, width: float, style: str = "solid") -> str:
    return _layer(
        "SimpleLine",
        {
            "line_color": colour,
            "line_width": f"{width:g}",
            "line_width_unit": "MM",
            "line_style": style,
            "capstyle": "round",
            "joinstyle": "round",
        },
    )


def _generator(kind: str, expression: str, symbol: str) -> str:
    """A geometry-generator layer drawing ``expression``'s geometry with ``symbol``."""
    return _layer(
        "GeometryGenerator",
        {"SymbolType": kind, "geometryModifier": expression, "units": "MapUnit"},
        sub_symbol=symbol,
    )


def _categorized(
    attribute: str,
    categories: Sequence[tuple[str, str]],
    symbols: Sequence[str],
    *,
    other: str | None = None,
) -> str:
    """A categorized renderer; ``symbols[k]`` is named ``k``; ``other`` is for any other value."""
    rows = [
        f'<category render="true" symbol="{k}" value={quoteattr(value)} label={quoteattr(text)}/>'
        for k, (value, text) in enumerate(categories)
    ]
    if other is not None:
        rows.append(
            f'<category render="true" symbol="{len(categories)}" value="" '
            f"label={quoteattr(other)}/>"
        )
    return (
        f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(attribute)} '
        'symbollevels="0" forceraster="0" enableorderby="0" referencescale="-1">'
        f"<categories>{''.join(rows)}</categories>"
        f"<symbols>{''.join(symbols)}</symbols>"
        "<rotation/><sizescale/></renderer-v2>"
    )


def _single(symbol: str) -> str:
    return (
        '<renderer-v2 type="singleSymbol" symbollevels="0" forceraster="0" '
        f'enableorderby="0" referencescale="-1"><symbols>{symbol}</symbols>'
        "<rotation/><sizescale/></renderer-v2>"
    )


def _labels(field: str, *, size: float = 8.0, distance: float = 2.2) -> str:
    """Simple labels of ``field``, with a white buffer, around points."""
    return (
        '<labeling type="simple"><settings calloutType="simple">'
        f'<text-style fieldName={quoteattr(field)} isExpression="0" fontSize="{size:g}" '
        'fontSizeUnit="Point" textColor="35,35,35,255" textOpacity="1" fontWeight="50" '
        'fontItalic="0" namedStyle="Regular" multilineHeight="1" blendMode="0" '
        'previewBkgrdColor="255,255,255,255">'
        '<text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" '
        'bufferColor="255,255,255,255" bufferOpacity="0.85" bufferJoinStyle="128" '
        'bufferNoFill="1" bufferBlendMode="0"/>'
        "</text-style>"
        '<text-format wrapChar="" multilineAlign="3" plussign="0" formatNumbers="0" '
        'decimals="3" reverseDirectionSymbol="0" leftDirectionSymbol="&lt;" '
        'rightDirectionSymbol="&gt;" addDirectionSymbol="0" placeDirectionSymbol="0"/>'
        f'<placement placement="6" dist="{distance:g}" distUnits="MM" '
        'predefinedPositionOrder="TR,TL,BR,BL,R,L,TSR,BSR" quadOffset="4" offsetType="0" '
        'priority="5" fitInPolygonOnly="0" centroidWhole="0" centroidInside="0"/>'
        '<rendering obstacle="1" obstacleType="1" obstacleFactor="1" displayAll="0" '
        'upsidedownLabels="0" labelPerPart="0" mergeLines="0" scaleVisibility="0" '
        'fontLimitPixelSize="0" zIndex="0" limitNumLabels="0" maxNumLabels="2000" '
        'minFeatureSize="0" drawLabels="1"/>'
        "</settings></labeling>"
    )


def _qml(renderer: str, labeling: str = "") -> str:
    enabled = "1" if labeling else "0"
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        f'<qgis version="3.22.0" styleCategories="Symbology|Labeling" labelsEnabled="{enabled}">'
        f"{renderer}{labeling}<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>"
        "<layerOpacity>1</layerOpacity></qgis>\n"
    )


def _sql_text(text: str) -> str:
    """A QGIS expression string literal."""
    return "'" + text.replace("'", "''") + "'"


def _camera_symbol(name: str, status: str) -> str:
    fill = STATUS_COLOURS.get(status, OTHER_COLOUR)
    ring = STATUS_COLOURS["in_service"] if status == "planned" else CAMERA_OUTLINE
    body = _layer("SimpleMarker", _marker("circle", _rgba(fill), _rgba(ring), 2.8))
    # the direction: a triangle ahead of the body, turned to the bearing
    # (QGIS turns markers clockwise from north, as bearing_deg is measured);
    # cameras of unknown bearing show the body alone
    turned = {"angle": '"bearing_deg"', "enabled": '"bearing_deg" IS NOT NULL'}
    arrow = _layer(
        "SimpleMarker",
        _marker(
            "triangle",
            _rgba(CAMERA_OUTLINE),
            _rgba(CAMERA_OUTLINE),
            2.6,
            offset="0,-2.8",
            outline_width="0.1",
        ),
        data_defined=turned,
    )
    return _symbol("marker", name, [arrow, body])


def cameras_qml(language: str = "en") -> str:
    """Cameras: a circle coloured by ``status``, an arrow to ``bearing_deg``, ``camera_id``."""
    categories = [(s, label("camera_status", s, language)) for s in CAMERA_STATUSES]
    symbols = [_camera_symbol(str(k), s) for k, (s, _) in enumerate(categories)]
    symbols.append(_camera_symbol(str(len(categories)), "unknown"))
    other = label("legend", "other_status", language)
    renderer = _categorized("status", categories, symbols, other=other)
    return _qml(renderer, _labels("camera_id"))


#: Zones mix polygons, lines and points in one table, and QGIS opens each kind as
#: a layer of its own with the same default style: a rule per kind, each with a
#: rule per category, gives every kind a symbol of its own type.
_ZONE_KINDS = (
    ("Polygon", "fill", "areas"),
    ("Line", "line", "lines"),
    ("Point", "marker", "points"),
)


def _zone_symbol(kind: str, name: str, colour: str) -> str:
    """One zone category of one geometry kind: filled area, thick line or diamond."""
    if kind == "fill":
        return _symbol(kind, name, [_simple_fill(_rgba(colour, 115), _rgba(colour), 0.6)])
    if kind == "line":
        return _symbol(kind, name, [_simple_line(_rgba(colour, 220), 1.6)])
    marker = _marker("diamond", _rgba(colour, 220), _rgba(CAMERA_OUTLINE), 4.2)
    return _symbol(kind, name, [_layer("SimpleMarker", marker)])


def zones_qml(language: str = "en") -> str:
    """Zones by ``category`` (the window's colours; names from the vocabulary)."""
    categories = [
        (c, label("zone_category", c, language), ZONE_COLOURS[c]) for c in ZONE_CATEGORIES
    ]
    categories.append(("", label("legend", "other_category", language), OTHER_COLOUR))
    groups: list[str] = []
    symbols: list[str] = []
    for geometry, kind, group in _ZONE_KINDS:
        title = label("legend", group, language)
        children = []
        for code, text, colour in categories:
            number = str(len(symbols))
            symbols.append(_zone_symbol(kind, number, colour))
            condition = f'"category" = {_sql_text(code)}' if code else "ELSE"
            key = "{zones-" + geometry + "-" + (code or "other") + "}"
            children.append(
                f"<rule key={quoteattr(key)} symbol={quoteattr(number)} "
                f"label={quoteattr(text)} filter={quoteattr(condition)}/>"
            )
        test = f"geometry_type($geometry) = {_sql_text(geometry)}"
        groups.append(
            f"<rule key={quoteattr('{zones-' + geometry + '}')} label={quoteattr(title)} "
            f"filter={quoteattr(test)}>{''.join(children)}</rule>"
        )
    renderer = (
        '<renderer-v2 type="RuleRenderer" symbollevels="0" forceraster="0" enableorderby="0" '
        f'referencescale="-1"><rules key="{{zones}}">{"".join(groups)}</rules>'
        f"<symbols>{''.join(symbols)}</symbols></renderer-v2>"
    )
    return _qml(renderer)


def buildings_qml() -> str:
    """Buildings: a grey fill."""
    return _qml(
        _single(_symbol("fill", "0", [_simple_fill(_rgba(BUILDING_FILL), _rgba(BUILDING_OUTLINE))]))
    )


def private_areas_qml() -> str:
    """Private areas: red-magenta hatching inside a solid outline."""
    hatch = _layer(
        "LinePatternFill",
        {
            "angle": "45",
            "distance": "1.6",
            "distance_unit": "MM",
            "line_width": "0.35",
            "line_width_unit": "MM",
            "offset": "0",
            "offset_unit": "MM",
            "color": _rgba(PRIVATE_COLOUR),
        },
        sub_symbol=_symbol("line", "@0@0", [_simple_line(_rgba(PRIVATE_COLOUR), 0.35)]),
    )
    outline = _simple_fill(_rgba(PRIVATE_COLOUR, 30), _rgba(PRIVATE_COLOUR), 0.6)
    return _qml(_single(_symbol("fill", "0", [outline, hatch])))


def roads_qml() -> str:
    """Roads: grey lines."""
    return _qml(_single(_symbol("line", "0", [_simple_line(_rgba(ROAD_COLOUR), 0.8)])))


def survey_findings_qml(language: str = "en") -> str:
    """Survey findings by ``priority`` (1 most urgent, red, to 5)."""
    categories = [(str(p), label("priority", str(p), language)) for p in range(1, 6)]
    symbols = [
        _symbol(
            "marker",
            str(k),
            [
                _layer(
                    "SimpleMarker",
                    _marker("square", _rgba(PRIORITY_COLOURS[k]), _rgba(CAMERA_OUTLINE), 2.4),
                )
            ],
        )
        for k in range(5)
    ]
    symbols.append(
        _symbol(
            "marker",
            "5",
            [_layer("SimpleMarker", _marker("square", _rgba(OTHER_COLOUR), _rgba("#000000"), 2.4))],
        )
    )
    other = label("legend", "no_priority", language)
    return _qml(_categorized("priority", categories, symbols, other=other))


def _point_qml(shape: str, colour: str, size: float) -> str:
    marker = _layer("SimpleMarker", _marker(shape, _rgba(colour), _rgba(colour), size))
    return _qml(_single(_symbol("marker", "0", [marker])))


def survey_areas_qml() -> str:
    """The walked area: a dashed outline, no fill."""
    outline = _layer(
        "SimpleFill",
        {
            "color": "0,0,0,0",
            "style": "no",
            "outline_color": _rgba("#2c7fb8"),
            "outline_style": "dash",
            "outline_width": "0.6",
            "outline_width_unit": "MM",
        },
    )
    return _qml(_single(_symbol("fill", "0", [outline])))


#: QML of each layer the planner styles, by table name (lower case).
BUILDERS: dict[str, Callable[[str], str]] = {
    "cameras": cameras_qml,
    "zones": zones_qml,
    "buildings": lambda _language: buildings_qml(),
    "private_areas": lambda _language: private_areas_qml(),
    "roads": lambda _language: roads_qml(),
    "survey_findings": survey_findings_qml,
    "survey_devices": lambda _language: _point_qml("circle", "#6a3d9a", 1.8),
    "survey_records": lambda _language: _point_qml("cross2", "#525252", 1.8),
    "survey_areas": lambda _language: survey_areas_qml(),
}


@functools.cache
def style_qml(table: str, language: str = "en") -> str | None:
    """The planner's default QML for ``table`` (any case), None for a table it does not style.

    Legend names (statuses, categories, priorities) are in ``language``
    (``en`` or ``zh``: a project under a Chinese ruleset gets Chinese names).
    """
    builder = BUILDERS.get(table.lower())
    return builder(language) if builder is not None else None


# ====================================================================== the table
def write_styles(db: sqlite3.Connection, *, language: str = "en") -> None:
    """Give every styled layer of the GeoPackage ``db`` the planner's default style.

    Legend names are in ``language`` (``en`` or ``zh``).

    Runs inside the caller's transaction. A layer with any row that is not the
    planner's is left alone; the planner's own row is inserted, updated when
    its text changed, or left untouched when it is the same. A ``layer_styles``
    table without QGIS's columns is left alone.
    """
    layers = [
        (str(name), str(column))
        for name, column in db.execute(
            "SELECT table_name, column_name FROM gpkg_geometry_columns ORDER BY table_name"
        )
        if style_qml(str(name), language) is not None
    ]
    if not layers:
        return
    exists = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND lower(name) = ?", (TABLE,)
    ).fetchone()
    if exists is None:
        _create_table(db)
        table = TABLE
    else:
        table = str(exists[0])
        present = {str(row[1]).lower() for row in db.execute(f'PRAGMA table_info("{table}")')}
        if not {c.lower() for c in COLUMNS} <= present:
            return
    rows: dict[str, list[tuple[int, str, str, str | None]]] = {}
    for fid, name, style_name, owner, qml in db.execute(
        f'SELECT id, f_table_name, styleName, owner, styleQML FROM "{table}"'
    ):
        rows.setdefault(str(name or "").lower(), []).append((fid, style_name, owner, qml))
    for name, column in layers:
        qml = style_qml(name, language)
        existing = rows.get(name.lower(), [])
        ours = [r for r in existing if r[1] == STYLE_NAME and r[2] == STYLE_OWNER]
        if len(ours) != len(existing) or len(ours) > 1:
            continue  # the user's own style (or a copy of ours): theirs
        if not ours:
            db.execute(
                f'INSERT INTO "{table}" (f_table_catalog, f_table_schema, f_table_name, '
                "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
                f"owner, ui, update_time) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, ?, NULL, {_NOW})",
                (name, column, STYLE_NAME, qml, STYLE_DESCRIPTION, STYLE_OWNER),
            )
        elif ours[0][3] != qml:
            db.execute(
                f'UPDATE "{table}" SET styleQML = ?, f_geometry_column = ?, useAsDefault = 1, '
                f"description = ?, update_time = {_NOW} WHERE id = ?",
                (qml, column, STYLE_DESCRIPTION, ours[0][0]),
            )


def _create_table(db: sqlite3.Connection) -> None:
    """``layer_styles`` as QGIS creates it: table, GeoPackage contents, GDAL's feature count."""
    db.execute(CREATE_TABLE)
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
        f"last_change, srs_id) VALUES (?, 'attributes', ?, '', {_NOW}, 0)",
        (TABLE, TABLE),
    )
    counted = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'"
    ).fetchone()
    if counted is not None:
        db.execute(
            "INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES (?, 0)", (TABLE,)
        )
        for event, change in (("insert", "+"), ("delete", "-")):
            db.execute(
                f'CREATE TRIGGER "trigger_{event}_feature_count_{TABLE}" AFTER {event.upper()} '
                f'ON "{TABLE}" BEGIN UPDATE gpkg_ogr_contents SET feature_count = '
                f"feature_count {change} 1 WHERE lower(table_name) = lower('{TABLE}'); END"
            )
