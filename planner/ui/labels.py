"""Human names for the identifiers the core uses (levels, categories, findings, fields).

The core speaks in stable identifiers (``estate_entrance``, ``bearing_deg``,
``in_service``); the panels show people words. Levels, zone and private
categories and findings are named by the one vocabulary
(:mod:`planner.core.vocabulary`) in the interface language
(:func:`report_language`), so the window, the work lists and the reports say
the same; the window's own words (fields, values, units) are literal
``QCoreApplication.translate("labels", ...)`` calls so ``lupdate`` finds them. An
identifier nobody names yet (a new schema field, a ruleset's own category)
falls back to a readable form of itself, so new data never shows up blank.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from planner.core.chinese_terms import cite
from planner.core.levels import LEVELS
from planner.core.vocabulary import has_label, label


def _readable(identifier: str) -> str:
    """``estate_entrance`` → ``Estate entrance``."""
    words = identifier.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _named(kind: str, code: str) -> str:
    """The vocabulary's name of ``code`` in the interface language, else a readable form."""
    return label(kind, code, report_language()) if has_label(kind, code) else _readable(code)


def level_label(level: str) -> str:
    """Name of a DORI level (``identify`` → ``Identify``, 辨认 in Chinese)."""
    return _named("level", level)


#: DORI levels from the finest (shortest range) to the coarsest, as panels list them.
LEVELS_FINEST_FIRST: tuple[str, ...] = tuple(reversed(LEVELS))


def category_label(category: str) -> str:
    """Name of a zone category (``fire_lane`` → ``Fire lane``, 消防车通道 in Chinese)."""
    return _named("zone_category", category)


def private_category_label(category: str) -> str:
    """Name of a private place's category (``hotel_room`` → ``Hotel room``)."""
    return _named("private_category", category)


def source_label(role: str) -> str:
    """Name of a source role (``filings`` → ``Police filings``, 公安备案); others as typed."""
    return label("source", role, report_language()) if has_label("source", role) else role


def finding_label(finding: str) -> str:
    """Name of a finding (``facade_exposure`` → ``Façade exposure``)."""
    return _named("finding", finding)


def value_label(field: str, value: str) -> str:
    """Name of an allowed value of a camera field (``status`` ``in_service`` → ``In service``)."""
    kind = {"status": "camera_status", "camera_type": "camera_type"}.get(field)
    # the one vocabulary, as the web map and the QGIS styles name them
    return _named(kind, value) if kind is not None else _readable(value)


def field_label(field: str) -> str:
    """Name of a camera field (``hfov_deg`` → ``Horizontal field of view``)."""
    names = {
        "camera_id": QCoreApplication.translate("labels", "Camera id"),
        "height_m": QCoreApplication.translate("labels", "Height"),
        "bearing_deg": QCoreApplication.translate("labels", "Bearing"),
        "hfov_deg": QCoreApplication.translate("labels", "Horizontal field of view"),
        "vfov_deg": QCoreApplication.translate("labels", "Vertical field of view"),
        "tilt_deg": QCoreApplication.translate("labels", "Tilt"),
        "resolution_px": QCoreApplication.translate("labels", "Resolution"),
        "max_range_m": QCoreApplication.translate("labels", "Maximum range"),
        "camera_type": QCoreApplication.translate("labels", "Type"),
        "status": QCoreApplication.translate("labels", "Status"),
        "owner": QCoreApplication.translate("labels", "Owner"),
        "maintainer": QCoreApplication.translate("labels", "Maintainer"),
        "project_name": QCoreApplication.translate("labels", "Project"),
        "pole_no": QCoreApplication.translate("labels", "Pole number"),
        "installed_on": QCoreApplication.translate("labels", "Installed on"),
        "registered_on": QCoreApplication.translate("labels", "Registered on"),
        "last_seen_on": QCoreApplication.translate("labels", "Last seen online"),
        "has_sign": QCoreApplication.translate("labels", "Notice sign"),
        "device_id": QCoreApplication.translate("labels", "Device id"),
        "district": QCoreApplication.translate("labels", "District"),
        "address": QCoreApplication.translate("labels", "Address"),
        "privacy_mask": QCoreApplication.translate("labels", "Privacy mask"),
        "osm_id": QCoreApplication.translate("labels", "OpenStreetMap id"),
        "x": QCoreApplication.translate("labels", "Easting (x)"),
        "y": QCoreApplication.translate("labels", "Northing (y)"),
        "geometry": QCoreApplication.translate("labels", "Position"),
    }
    for unit in ("_deg", "_m", "_px"):
        if field not in names and field.endswith(unit):
            return _readable(field.removesuffix(unit))
    return names.get(field, _readable(field))


def unit_label(unit: str) -> str:
    """Short symbol of a schema unit (``degree`` → ``°``); empty for none."""
    symbols = {
        "m": QCoreApplication.translate("labels", "m"),
        "degree": "°",
        "px": QCoreApplication.translate("labels", "px"),
        "m2": QCoreApplication.translate("labels", "m²"),
        "point": "",
    }
    return symbols.get(unit, unit)


def article_label(article: str | None) -> str:
    """A ruleset's citation in the interface language, in legal style in Chinese.

    ``Qingdao Measures Art. 19(3)`` →
    ``《青岛市公共安全视频图像信息系统管理办法》第十九条第（三）项``.
    """
    return cite(article, report_language())


def report_language() -> str:
    """Language of texts the core writes (findings' details, work lists): ``en`` or ``zh``.

    The answer is itself a translated string, so it follows the interface
    language wherever a translation is installed.
    """
    code = QCoreApplication.translate(
        "labels", "en", "language code (en or zh) of the work list and the findings' details"
    )
    return code if code in ("en", "zh") else "en"
