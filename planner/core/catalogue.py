"""The camera catalogue: models the optimiser may propose, with prices and bitrates.

Data, not code: the shipped catalogue is ``planner/catalogue/cameras.toml``
(read by :func:`planner.io.catalogue.load_catalogue`); a user catalogue has
the same format. :func:`catalogue_from_mapping` checks a parsed file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from planner.core.errors import InputError

CAMERA_TYPES = ("fixed", "dome", "ptz", "fisheye")


@dataclass(frozen=True)
class CameraModel:
    """One model: lens range, sensor, night reach, price and main-stream bitrate."""

    model: str
    type: str
    hfov_min_deg: float
    hfov_max_deg: float
    resolution_px: float
    ir_range_m: float
    price: float
    bitrate_mbps: float

    @property
    def omnidirectional(self) -> bool:
        """Whether its view is a full circle (the engine's dome, PTZ and fisheye)."""
        return self.type in ("dome", "ptz", "fisheye")


@dataclass(frozen=True)
class Catalogue:
    """The models by name, and what a new pole costs and how tall it is."""

    models: tuple[CameraModel, ...]
    pole_price: float
    pole_height_m: float
    source: str = ""

    def model(self, name: str) -> CameraModel:
        """The model called ``name``; :class:`InputError` naming the catalogue if none."""
        for entry in self.models:
            if entry.model == name:
                return entry
        raise InputError(
            f"no camera model {name!r} in the catalogue (models: "
            f"{', '.join(m.model for m in self.models)})",
            file=self.source or None,
            field="model",
        )


def catalogue_from_mapping(data: Mapping[str, Any], *, source: str = "") -> Catalogue:
    """A :class:`Catalogue` from a parsed TOML file; :class:`InputError` naming the entry."""
    pole = data.get("pole", {})
    if not isinstance(pole, Mapping):
        raise InputError("[pole] must be a table", file=source or None, field="pole")
    entries = data.get("camera", [])
    if not isinstance(entries, list) or not entries:
        raise InputError("no [[camera]] entry", file=source or None, field="camera")
    models = []
    seen: set[str] = set()
    for k, entry in enumerate(entries, start=1):
        where = f"[[camera]] #{k}"
        if not isinstance(entry, Mapping):
            raise InputError("must be a table", file=source or None, row=where)
        name = str(entry.get("model", "")).strip()
        if not name:
            raise InputError("model is empty", file=source or None, row=where, field="model")
        if name in seen:
            raise InputError(
                f"model {name!r} is listed twice", file=source or None, row=where, field="model"
            )
        seen.add(name)
        kind = str(entry.get("type", "fixed"))
        if kind not in CAMERA_TYPES:
            raise InputError(
                f"type {kind!r} is not one of {', '.join(CAMERA_TYPES)}",
                file=source or None,
                row=where,
                field="type",
            )
        numbers = {}
        for key in ("hfov_min_deg", "resolution_px", "price", "bitrate_mbps"):
            numbers[key] = _positive(entry, key, source, where)
        numbers["hfov_max_deg"] = (
            _positive(entry, "hfov_max_deg", source, where)
            if "hfov_max_deg" in entry
            else numbers["hfov_min_deg"]
        )
        numbers["ir_range_m"] = (
            _positive(entry, "ir_range_m", source, where) if "ir_range_m" in entry else 0.0
        )
        if numbers["hfov_max_deg"] < numbers["hfov_min_deg"]:
            raise InputError(
                "hfov_max_deg is below hfov_min_deg",
                file=source or None,
                row=where,
                field="hfov_max_deg",
            )
        if kind != "fisheye" and numbers["hfov_max_deg"] >= 180:
            raise InputError(
                "only a fisheye lens sees 180° or more",
                file=source or None,
                row=where,
                field="hfov_max_deg",
            )
        models.append(CameraModel(model=name, type=kind, **numbers))
    return Catalogue(
        tuple(models),
        pole_price=_non_negative(pole, "price", source, "[pole]", default=0.0),
        pole_height_m=_non_negative(pole, "height_m", source, "[pole]", default=6.0),
        source=source,
    )


def _positive(entry: Mapping[str, Any], key: str, source: str, where: str) -> float:
    value = _number(entry, key, source, where)
    if value <= 0:
        raise InputError(
            f"{key} must be above 0, not {value:g}", file=source or None, row=where, field=key
        )
    return value


def _non_negative(
    entry: Mapping[str, Any], key: str, source: str, where: str, *, default: float
) -> float:
    if key not in entry:
        return default
    value = _number(entry, key, source, where)
    if value < 0:
        raise InputError(
            f"{key} must not be negative, not {value:g}", file=source or None, row=where, field=key
        )
    return value


def _number(entry: Mapping[str, Any], key: str, source: str, where: str) -> float:
    if key not in entry:
        raise InputError(f"{key} is missing", file=source or None, row=where, field=key)
    value = entry[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InputError(
            f"{key} must be a number, not {value!r}", file=source or None, row=where, field=key
        )
    return float(value)
