"""Human, translatable names for the identifiers the core uses (levels, categories, fields).

The core speaks in stable identifiers (``estate_entrance``, ``bearing_deg``,
``in_service``); the panels show people words. Every word goes through
``QCoreApplication.translate`` so ``lupdate`` finds it; an identifier this
module does not know yet (a new schema field, a ruleset's own category) falls
back to a readable form of itself, so new data never shows up blank.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from planner.core.levels import LEVELS


def _tr(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def _readable(identifier: str) -> str:
    """``estate_entrance`` → ``Estate entrance``."""
    words = identifier.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def level_label(level: str) -> str:
    """Name of a DORI level (``identify`` → ``Identify``)."""
    names = {
        "detect": _tr("Detect"),
        "observe": _tr("Observe"),
        "recognise": _tr("Recognise"),
        "identify": _tr("Identify"),
    }
    return names.get(level, _readable(level))


#: DORI levels from the finest (shortest range) to the coarsest, as panels list them.
LEVELS_FINEST_FIRST: tuple[str, ...] = tuple(reversed(LEVELS))


def category_label(category: str) -> str:
    """Name of a zone category (``fire_lane`` → ``Fire lane``)."""
    names = {
        "intersection": _tr("Intersection"),
        "square": _tr("Square"),
        "estate_entrance": _tr("Estate entrance"),
        "fire_lane": _tr("Fire lane"),
        "trunk_road": _tr("Trunk road"),
        "transit_hub": _tr("Transit hub"),
        "car_park_entrance": _tr("Car park entrance"),
        "school_entrance": _tr("School entrance"),
        "hospital_entrance": _tr("Hospital entrance"),
        "bridge_tunnel": _tr("Bridge or tunnel"),
    }
    return names.get(category, _readable(category))


def value_label(field: str, value: str) -> str:
    """Name of an allowed value of a camera field (``status`` ``in_service`` → ``In service``)."""
    names = {
        ("camera_type", "fixed"): _tr("Fixed"),
        ("camera_type", "dome"): _tr("Dome"),
        ("camera_type", "ptz"): _tr("PTZ"),
        ("camera_type", "fisheye"): _tr("Fisheye"),
        ("status", "planned"): _tr("Planned"),
        ("status", "in_service"): _tr("In service"),
        ("status", "faulty"): _tr("Faulty"),
        ("status", "offline"): _tr("Offline"),
        ("status", "removed"): _tr("Removed"),
        ("status", "unknown"): _tr("Unknown"),
    }
    return names.get((field, value), _readable(value))


def field_label(field: str) -> str:
    """Name of a camera field (``hfov_deg`` → ``Horizontal field of view``)."""
    names = {
        "camera_id": _tr("Camera id"),
        "height_m": _tr("Height"),
        "bearing_deg": _tr("Bearing"),
        "hfov_deg": _tr("Horizontal field of view"),
        "vfov_deg": _tr("Vertical field of view"),
        "tilt_deg": _tr("Tilt"),
        "resolution_px": _tr("Resolution"),
        "max_range_m": _tr("Maximum range"),
        "camera_type": _tr("Type"),
        "status": _tr("Status"),
        "owner": _tr("Owner"),
        "maintainer": _tr("Maintainer"),
        "project_name": _tr("Project"),
        "pole_no": _tr("Pole number"),
        "installed_on": _tr("Installed on"),
        "registered_on": _tr("Registered on"),
        "last_seen_on": _tr("Last seen online"),
        "has_sign": _tr("Notice sign"),
        "osm_id": _tr("OpenStreetMap id"),
        "x": _tr("Easting (x)"),
        "y": _tr("Northing (y)"),
        "geometry": _tr("Position"),
    }
    for unit in ("_deg", "_m", "_px"):
        if field not in names and field.endswith(unit):
            return _readable(field.removesuffix(unit))
    return names.get(field, _readable(field))


def unit_label(unit: str) -> str:
    """Short symbol of a schema unit (``degree`` → ``°``); empty for none."""
    symbols = {"m": _tr("m"), "degree": "°", "px": _tr("px"), "m2": _tr("m²"), "point": ""}
    return symbols.get(unit, unit)
