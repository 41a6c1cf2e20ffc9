"""The project as one self-contained interactive web map (folium / Leaflet), offline.

:func:`web_map_html` builds the page, :func:`write_web_map_file` writes it
atomically. The page loads nothing from the network: Leaflet's script and
style sheet (vendored in ``planner/report/assets/``, the exact version folium
uses, with its licence) are inlined, its two control images as ``data:``
URIs, and folium's default CDN lists are emptied. No basemap unless the
caller gives a tile URL (then with its attribution).

Layers (each in the layer control): buildings, roads, zones coloured by
compliance (the window's pass / fail / advisory colours), camera views per
DORI band, gaps, private areas, privacy findings, survey findings and
cameras; every feature carries its popup (escaped HTML of the record's
fields, names from :mod:`planner.core.vocabulary`) in its ``popup`` property.

In **public** mode nothing locates or names a camera: no camera, view, gap,
privacy or survey layer (a gap's or a view's outline has the camera's
position as a vertex), no camera id, pole number or device code; zones carry
their coverage figures and the number of cameras seeing them.
"""

from __future__ import annotations

import base64
import html
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any, cast

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Figure, MacroElement
from jinja2 import Template

from planner.core.coverage import CoverageState
from planner.core.levels import LEVELS
from planner.core.privacy import PrivacyReport
from planner.core.project import Project
from planner.core.summary import gaps_frame, zone_table
from planner.core.vocabulary import has_label, label
from planner.io.crs import WGS84, reproject
from planner.io.files import atomic_target
from planner.report.wording import CSS_FONTS, OSM_CREDIT
from planner.report.wording import ZH as _ZH
from planner.report.wording import translate as _t

#: Decimal places kept in longitudes and latitudes (1e-6° is about 0.1 m).
DECIMALS = 6
#: Simplification tolerance (m) for views and gaps before reprojecting.
SIMPLIFY_M = 0.05

# The window's colours (planner/ui/canvas/style.py; ui is not imported below it).
PASSED_COLOUR = "#1a9641"
FAILED_COLOUR = "#d7191c"
ADVISORY_COLOUR = "#8c8c8c"
GAP_COLOUR = "#d7191c"
ROAD_COLOUR = "#a0a0a0"
BUILDING_FILL = "#d9d6d0"
BUILDING_OUTLINE = "#8c8880"
PRIVATE_COLOUR = "#7b3294"
VIEW_COLOUR = "#2166ac"
INACTIVE_VIEW_COLOUR = "#7f7f7f"
WARNING_COLOUR = "#fdb813"
#: View band opacity: the window's alpha (of 255) per band; bands are nested and stacked.
BAND_OPACITY: Mapping[str, float] = {
    "detect": 28 / 255,
    "observe": 38 / 255,
    "recognise": 52 / 255,
    "identify": 72 / 255,
}
CAMERA_COLOURS: Mapping[str, str] = {
    "in_service": "#2166ac",
    "planned": "#2166ac",
    "unknown": "#4d7fb3",
    "faulty": "#b35806",
    "offline": "#7f7f7f",
    "removed": "#bdbdbd",
}
SURVEY_COLOUR = "#e66101"

LANGUAGES = ("en", "zh")
"""Languages the page is written in."""


_PAGE_CSS = f"""
html, body {{ font-family: {CSS_FONTS}; }}
.leaflet-container {{ background: #f7f6f2; font-family: {CSS_FONTS}; }}
.leaflet-popup-content table {{ border-collapse: collapse; font-size: 12px; }}
.leaflet-popup-content th {{ text-align: left; padding: 1px 6px 1px 0; color: #444;
  font-weight: 600; vertical-align: top; white-space: nowrap; }}
.leaflet-popup-content td {{ padding: 1px 0; overflow-wrap: anywhere; }}
.leaflet-popup-content h4 {{ margin: 0 0 4px; font-size: 13px; }}
.leaflet-control-layers {{ font-size: 12px; }}
.planner-legend {{ position: absolute; left: 10px; bottom: 60px; z-index: 1000;
  background: rgba(255,255,255,0.93); border: 1px solid #999; border-radius: 4px;
  padding: 6px 9px; font-size: 12px; line-height: 1.45; max-width: 300px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); }}
.planner-legend h3 {{ margin: 0 0 3px; font-size: 14px; }}
.planner-legend .sw {{ display: inline-block; width: 14px; height: 10px; margin-right: 5px;
  vertical-align: middle; border: 2px solid; box-sizing: border-box; }}
.planner-legend .dot {{ display: inline-block; width: 10px; height: 10px; margin: 0 7px 0 2px;
  border-radius: 50%; vertical-align: middle; border: 1px solid #fff; }}
.planner-legend .note {{ color: #444; font-size: 11px; margin-top: 3px; }}
"""


class _Attribution(MacroElement):
    """Leaflet's credit prefix without its web link, and the data credit when there is one."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix("Leaflet");
        {%- if this.credit %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.credit|tojson }});
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, credit: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.credit = credit


class OfflineMap(folium.Map):
    """A folium map that links nothing: the page inlines Leaflet itself."""

    default_js: list[tuple[str, str]] = []  # noqa: RUF012  (folium's class attribute)
    default_css: list[tuple[str, str]] = []  # noqa: RUF012


def _asset(name: str) -> bytes:
    return resources.files("planner.report").joinpath("assets", name).read_bytes()


def leaflet_assets() -> tuple[str, str]:
    """Leaflet's script and style sheet as vendored (the style's images as ``data:`` URIs)."""
    # the source-map comment names a file the page does not carry; line ends as LF
    script = (
        _asset("leaflet.js").decode("utf-8").replace("\n//# sourceMappingURL=leaflet.js.map", "")
    )
    css = _asset("leaflet.css").decode("utf-8").replace("\r\n", "\n")
    for image in ("layers-2x.png", "layers.png", "marker-icon.png"):
        encoded = base64.b64encode(_asset(image)).decode("ascii")
        css = css.replace(f"url(images/{image})", f"url(data:image/png;base64,{encoded})")
    if "</script" in script.lower():  # pragma: no cover - the vendored file has none
        raise ValueError("leaflet.js cannot be inlined: it contains </script")
    return script, css


# --- values and popups ---------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _text(field: str, value: object, language: str) -> str:
    """A field's value as a reader sees it (not yet escaped)."""
    if isinstance(value, bool | np.bool_):
        return _t("yes" if value else "no", language)
    if isinstance(value, float | np.floating):
        if field in ("covered_fraction", "required_coverage"):
            return f"{float(value):.0%}"
        number = float(value)
        return f"{number:.6g}" if abs(number) < 1e6 else f"{number:.0f}"
    if isinstance(value, list | tuple | np.ndarray):
        return ", ".join(str(v) for v in value)
    text = str(value)
    kind = {
        "category": "zone_category",
        "required_level": "level",
        "level": "level",
        "status": "camera_status",
        "camera_type": "camera_type",
        "finding": "finding",
        "action": "action",
    }.get(field)
    if kind is not None and has_label(kind, text):
        return label(kind, text, language)
    if field == "category" and has_label("private_category", text):
        return label("private_category", text, language)
    return text


def _field_name(field: str, language: str) -> str:
    if language == "zh" and field in _ZH:
        return _ZH[field]
    if has_label("column", field):
        return label("column", field, language)
    return field


def popup_html(title: str, record: Mapping[str, object], language: str) -> str:
    """A popup: ``title`` and a table of the record's non-empty fields, all escaped."""
    rows = "".join(
        f"<tr><th>{html.escape(_field_name(k, language))}</th>"
        f"<td>{html.escape(_text(k, v, language))}</td></tr>"
        for k, v in record.items()
        if not _missing(v) and not (isinstance(v, str) and not v.strip())
    )
    return f"<h4>{html.escape(title)}</h4><table>{rows}</table>"


# --- geometry ------------------------------------------------------------------------------


def _rounded(geoms: np.ndarray) -> np.ndarray:
    return shapely.transform(geoms, lambda xy: np.round(xy, DECIMALS))


def _to_wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None or not len(frame):
        return frame.set_crs(WGS84, allow_override=True)
    out, _notes = reproject(frame, WGS84)
    return out


def _collection(
    name: str,
    frame: gpd.GeoDataFrame,
    properties: Sequence[Mapping[str, Any]],
    *,
    simplify_m: float = 0.0,
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection named ``name`` (a foreign member) in WGS84."""
    geoms = frame.geometry.to_numpy()
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if simplify_m > 0:
        geoms = shapely.simplify(geoms, simplify_m, preserve_topology=True)
    projected = gpd.GeoDataFrame(geometry=gpd.GeoSeries(geoms[keep], crs=frame.crs))
    wgs = _rounded(_to_wgs84(projected).geometry.to_numpy())
    kept_props = [p for p, k in zip(properties, keep, strict=True) if k]
    features = [
        {
            "type": "Feature",
            "properties": dict(p),
            "geometry": shapely.geometry.mapping(g),
        }
        for p, g in zip(kept_props, wgs, strict=True)
    ]
    return {"type": "FeatureCollection", "name": name, "features": features}


def _style(
    colour: str,
    *,
    fill: str | None = None,
    weight: float = 1.5,
    opacity: float = 1.0,
    fill_opacity: float = 0.3,
    dash: str | None = None,
) -> dict[str, Any]:
    style: dict[str, Any] = {
        "color": colour,
        "weight": weight,
        "opacity": opacity,
        "fillColor": fill or colour,
        "fillOpacity": fill_opacity,
        "fill": fill_opacity > 0,
    }
    if dash:
        style["dashArray"] = dash
    return style


def _records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, object]]:
    cols = [c for c in columns if c in frame.columns]
    return [
        {c: (None if _missing(v) else v) for c, v in zip(cols, row, strict=True)}
        for row in frame[cols].itertuples(index=False, name=None)
    ]


# --- the page ------------------------------------------------------------------------------

_ON_EACH_FEATURE = """function(feature, layer) {
    var p = feature.properties || {};
    if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 380}); }
    if (p.label) { layer.bindTooltip(p.label, {sticky: true}); }
}"""


def _add_layer(
    fmap: folium.Map,
    title: str,
    data: dict[str, Any],
    *,
    points: bool = False,
    radius: float = 6.0,
    show: bool = True,
) -> None:
    """``data`` as a GeoJson layer named ``title`` in the layer control (styles per feature)."""
    marker = folium.CircleMarker(radius=radius) if points else None
    folium.GeoJson(
        data,
        name=title,
        show=show,
        marker=marker,
        on_each_feature=folium.JsCode(_ON_EACH_FEATURE),
    ).add_to(fmap)


def uses_osm_data(project: Project) -> bool | None:
    """Whether the project's layers came from OpenStreetMap; None when it does not say.

    ``planner import-osm`` records ``source = OpenStreetMap`` in the project
    metadata and keeps OSM ids on every feature (``osm_id``, ``osm_ids``).
    """
    source = str(project.metadata.get("source", ""))
    if "openstreetmap" in source.lower():
        return True
    for frame in (project.cameras, project.zones, project.buildings, project.roads):
        for column in ("osm_id", "osm_ids"):
            if column in frame.columns and frame[column].notna().any():
                return True
    return None


def web_map_html(
    project: Project,
    state: CoverageState,
    *,
    public: bool = False,
    tiles: str | None = None,
    tiles_attribution: str | None = None,
    language: str = "en",
    privacy: PrivacyReport | None = None,
    survey_findings: pd.DataFrame | None = None,
) -> str:
    """The web map of a project and its coverage as one HTML page (see the module docstring)."""
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    zh = language

    osm = uses_osm_data(project) or (tiles is not None and "openstreetmap" in tiles.lower())
    title = project.metadata.get("title") or ""
    heading = _t("Public coverage map" if public else "Coverage map", zh)

    # public: the map's extent from zones and buildings only (an extreme camera's
    # longitude or latitude would otherwise be the bounds)
    shown = (
        (state.zones, project.buildings)
        if public
        else (state.zones, project.buildings, project.cameras)
    )
    extent = [f for f in shown if len(f)]
    if extent:
        bounds = gpd.GeoSeries(
            [shapely.box(*f.total_bounds) for f in extent], crs=project.crs
        ).to_crs(WGS84)
        minx, miny, maxx, maxy = (round(float(v), 5) for v in bounds.total_bounds)
    else:  # pragma: no cover - an empty project
        minx, miny, maxx, maxy = -1.0, -1.0, 1.0, 1.0

    fmap = OfflineMap(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=17,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        max_zoom=22,
    )
    script, css = leaflet_assets()
    root = cast(Figure, fmap.get_root())
    root.title = f"{heading} — {title}" if title else heading
    root.header.add_child(
        folium.Element(
            f'<meta charset="utf-8">\n<style>{css}</style>\n<style>{_PAGE_CSS}</style>\n'
            f"<script>{script}</script>"
        ),
        name="leaflet_inline",
    )
    if tiles is not None:
        attribution = tiles_attribution or (
            _t(OSM_CREDIT, zh) if "openstreetmap" in tiles.lower() else tiles
        )
        folium.TileLayer(tiles=tiles, attr=html.escape(attribution), name="Basemap").add_to(fmap)

    # buildings and roads: public context
    buildings = project.buildings
    _add_layer(
        fmap,
        _t("Buildings", zh),
        _collection(
            "buildings",
            buildings,
            [
                {
                    "style": _style(
                        BUILDING_OUTLINE, fill=BUILDING_FILL, weight=1, fill_opacity=0.9
                    ),
                    "popup": popup_html(_t("Buildings", zh), r, zh),
                }
                for r in _records(buildings, ("name", "use", "height_m"))
            ],
        ),
    )
    roads = project.roads
    if len(roads):
        _add_layer(
            fmap,
            _t("Roads", zh),
            _collection(
                "roads",
                roads,
                [
                    {
                        "style": _style(ROAD_COLOUR, weight=3, opacity=0.8, fill_opacity=0),
                        "popup": popup_html(_t("Roads", zh), r, zh),
                    }
                    for r in _records(roads, ("name", "highway", "width_m"))
                ],
            ),
            show=True,
        )

    table = zone_table(state)
    zone_fields = [
        "zone_id",
        "name",
        "category",
        "required_level",
        "required_coverage",
        "covered_fraction",
        "cameras",
        "verdict",
        "article",
    ]
    if not public:
        zone_fields.insert(7, "camera_ids")
    zone_props = []
    for row in _records(table, [*zone_fields, "passed"]):
        passed = row.pop("passed")
        verdict = "advisory" if passed is None else ("passed" if passed else "failed")
        row["verdict"] = _t(verdict, zh)
        if public:
            row.pop("camera_ids", None)
        colour = {"passed": PASSED_COLOUR, "failed": FAILED_COLOUR}.get(verdict, ADVISORY_COLOUR)
        name = row.get("name") or row.get("zone_id") or ""
        zone_props.append(
            {
                "style": _style(colour, weight=3, fill_opacity=0.18),
                "verdict": verdict,
                "popup": popup_html(f"{_t('Zone', zh)}: {name}", row, zh),
                "label": f"{name}: {_text('covered_fraction', row.get('covered_fraction'), zh)}",
            }
        )
    _add_layer(
        fmap,
        _t("Zones", zh),
        _collection("zones", state.zones, zone_props),
        points=True,
        radius=8,
    )

    if not public:
        _private_layers(fmap, project, state, zh, privacy, survey_findings)

    legend = _legend(
        heading,
        title,
        table,
        public=public,
        cameras=len(project.cameras),
        osm=bool(osm),
        tiles=tiles is not None,
        language=zh,
    )
    root.html.add_child(folium.Element(legend), name="legend")
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    credit = _t(OSM_CREDIT, zh) if osm and tiles is None else ""
    _Attribution(credit).add_to(fmap)
    page: str = root.render()
    return page


def _private_layers(
    fmap: folium.Map,
    project: Project,
    state: CoverageState,
    language: str,
    privacy: PrivacyReport | None,
    survey_findings: pd.DataFrame | None,
) -> None:
    """Views per band, gaps, private areas, privacy and survey findings, cameras."""
    zh = language
    views = state.views.to_frame()
    for level in LEVELS:
        band = views[views["level"] == level].reset_index(drop=True)
        name = label("level", level, zh)
        _add_layer(
            fmap,
            _t("Views: {level}", zh).format(level=name),
            _collection(
                f"views_{level}",
                band,
                [
                    {
                        "style": _style(
                            VIEW_COLOUR if r["working"] else INACTIVE_VIEW_COLOUR,
                            weight=0.6,
                            opacity=0.5,
                            fill_opacity=BAND_OPACITY[level],
                        ),
                        "popup": popup_html(f"{_t('Camera', zh)} {r['camera_id']}: {name}", r, zh),
                    }
                    for r in _records(band, ("camera_id", "level", "range_m", "area_m2", "working"))
                ],
                simplify_m=SIMPLIFY_M,
            ),
        )

    gaps = gaps_frame(state)
    _add_layer(
        fmap,
        _t("Gaps", zh),
        _collection(
            "gaps",
            gaps,
            [
                {
                    "style": _style(GAP_COLOUR, weight=1, dash="4 3", fill_opacity=0.35),
                    "popup": popup_html(
                        f"{_t('Gaps', zh)}: {r.get('name') or r['zone_id']}", r, zh
                    ),
                }
                for r in _records(
                    gaps, ("zone_id", "name", "category", "covered_fraction", "uncovered_amount")
                )
            ],
            simplify_m=SIMPLIFY_M,
        ),
        points=True,
        radius=5,
    )

    private = project.private_areas
    if len(private):
        _add_layer(
            fmap,
            _t("Private areas", zh),
            _collection(
                "private_areas",
                private,
                [
                    {
                        "style": _style(PRIVATE_COLOUR, weight=1.5, fill_opacity=0.15, dash="2 3"),
                        "popup": popup_html(_t("Private areas", zh), r, zh),
                    }
                    for r in _records(private, [c for c in private.columns if c != "geometry"])
                ],
            ),
        )

    if privacy is not None:
        frame = privacy.to_frame()
        if frame.crs is None:
            frame = frame.set_crs(project.crs)
        _add_layer(
            fmap,
            _t("Privacy findings", zh),
            _collection(
                "privacy_findings",
                frame,
                [
                    {
                        "style": _style(PRIVATE_COLOUR, weight=2, fill_opacity=0.55),
                        "popup": popup_html(
                            f"{label('finding', str(r['finding']), zh)}: {r['camera_id']}", r, zh
                        ),
                    }
                    for r in _records(
                        frame,
                        (
                            "camera_id",
                            "finding",
                            "category",
                            "severity",
                            "area_m2",
                            "length_m",
                            "mask_deg",
                            "article",
                        ),
                    )
                ],
                simplify_m=SIMPLIFY_M,
            ),
            points=True,
            radius=7,
        )

    if survey_findings is not None and len(survey_findings):
        found = _survey_frame(survey_findings, project)
        _add_layer(
            fmap,
            _t("Survey findings", zh),
            _collection(
                "survey_findings",
                found,
                [
                    {
                        "style": _style(
                            "#ffffff", fill=SURVEY_COLOUR, weight=1.5, fill_opacity=0.9
                        ),
                        "popup": popup_html(
                            f"{label('finding', str(r.get('finding')), zh)}", r, zh
                        ),
                        "label": label("finding", str(r.get("finding")), zh),
                    }
                    for r in _records(found, [c for c in found.columns if c != "geometry"])
                ],
            ),
            points=True,
            radius=5,
            show=False,
        )

    cameras = project.cameras
    columns = [c for c in cameras.columns if c not in ("geometry", "fid")]
    _add_layer(
        fmap,
        _t("Cameras", zh),
        _collection(
            "cameras",
            cameras,
            [
                {
                    "style": _style(
                        "#ffffff",
                        fill=CAMERA_COLOURS.get(str(r.get("status")), "#4d7fb3"),
                        weight=1.5,
                        fill_opacity=1.0,
                    ),
                    "popup": popup_html(f"{_t('Camera', zh)} {r['camera_id']}", r, zh),
                    "label": str(r["camera_id"]),
                }
                for r in _records(cameras, columns)
            ],
        ),
        points=True,
        radius=5,
    )


def _survey_frame(table: pd.DataFrame, project: Project) -> gpd.GeoDataFrame:
    """The registry's ``survey_findings`` table as points in the project CRS (None kept)."""
    if isinstance(table, gpd.GeoDataFrame) and table.geometry is not None:
        frame = table if table.crs is not None else table.set_crs(project.crs)
        return frame.to_crs(project.crs)
    if "geometry" in table.columns:
        return gpd.GeoDataFrame(table, geometry="geometry", crs=project.crs)
    if {"lon", "lat"} <= set(table.columns):
        lon = pd.to_numeric(table["lon"], errors="coerce")
        lat = pd.to_numeric(table["lat"], errors="coerce")
        return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(lon, lat), crs=WGS84).to_crs(
            project.crs
        )
    return gpd.GeoDataFrame(table, geometry=[None] * len(table), crs=project.crs)


def _legend(
    heading: str,
    title: str,
    table: pd.DataFrame,
    *,
    public: bool,
    cameras: int,
    osm: bool,
    tiles: bool,
    language: str,
) -> str:
    zh = language
    passed = table["passed"].to_numpy(dtype=object)
    judged = int(sum(p is not None for p in passed))
    passes = int(sum(p is True or p is np.True_ for p in passed))

    def swatch(colour: str, text: str, fill: str | None = None) -> str:
        background = fill or colour
        return (
            f'<div><span class="sw" style="border-color:{colour};background:{background};'
            f'"></span>{html.escape(text)}</div>'
        )

    lines = [f"<h3>{html.escape(heading)}</h3>"]
    if title:
        lines.append(f"<div><b>{html.escape(title)}</b></div>")
    lines.append(
        "<div>"
        + html.escape(
            _t("{passed} of {judged} mandatory zones pass", zh).format(passed=passes, judged=judged)
        )
        + " · "
        + html.escape(_t("{n} cameras", zh).format(n=cameras))
        + "</div>"
    )
    lines.append(swatch(PASSED_COLOUR, _t("Passes", zh), "rgba(26,150,65,0.18)"))
    lines.append(swatch(FAILED_COLOUR, _t("Fails", zh), "rgba(215,25,28,0.18)"))
    lines.append(swatch(ADVISORY_COLOUR, _t("Advisory (no verdict)", zh), "rgba(140,140,140,0.18)"))
    lines.append(swatch(BUILDING_OUTLINE, _t("Buildings", zh), BUILDING_FILL))
    if not public:
        for level in LEVELS:
            alpha = BAND_OPACITY[level]
            lines.append(
                swatch(
                    VIEW_COLOUR,
                    _t("Views: {level}", zh).format(level=label("level", level, zh)),
                    f"rgba(33,102,172,{alpha:.2f})",
                )
            )
        lines.append(swatch(GAP_COLOUR, _t("Gaps", zh), "rgba(215,25,28,0.35)"))
        lines.append(swatch(PRIVATE_COLOUR, _t("Privacy findings", zh), "rgba(123,50,148,0.55)"))
        for status in ("in_service", "faulty", "offline"):
            lines.append(
                f'<div><span class="dot" style="background:{CAMERA_COLOURS[status]}"></span>'
                + html.escape(f"{_t('Camera', zh)}: {label('camera_status', status, zh)}")
                + "</div>"
            )
    notes = []
    if public:
        notes.append(_t("Coverage figures per zone; camera positions are not shown.", zh))
    if not tiles:
        notes.append(_t("No basemap: drawn from the project's own layers.", zh))
    if osm:
        notes.append(_t(OSM_CREDIT, zh))
    lines.extend(f'<div class="note">{html.escape(n)}</div>' for n in notes)
    return f'<div class="planner-legend">{"".join(lines)}</div>'


def write_web_map_file(path: str | os.PathLike[str], page: str) -> None:
    """Write a page made by :func:`web_map_html` to ``path``, atomically."""
    with atomic_target(path) as temporary:
        temporary.write_text(page, encoding="utf-8")


__all__ = [
    "OSM_CREDIT",
    "OfflineMap",
    "leaflet_assets",
    "popup_html",
    "uses_osm_data",
    "web_map_html",
    "write_web_map_file",
]
