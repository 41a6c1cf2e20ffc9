"""The in-memory project: its layers in one metric CRS, and the ruleset it is judged by."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import geopandas as gpd
import pandas as pd
from pyproj import CRS

from planner.core.errors import CrsError
from planner.core.schema import LAYERS, RowProblem, empty_layer


@dataclass(frozen=True)
class Project:
    """All layers of a project, in the same projected (metric) CRS.

    ``private_areas`` and ``roads`` may be empty frames; every frame has the
    documented columns of :mod:`planner.core.schema`. ``problems`` lists the
    rows skipped or repaired while the project was read.
    """

    cameras: gpd.GeoDataFrame
    zones: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    private_areas: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    crs: CRS
    ruleset: str = "national"
    metadata: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[RowProblem, ...] = ()
    extra_layers: Mapping[str, pd.DataFrame] = field(default_factory=lambda: MappingProxyType({}))
    """Tables the planner keeps beside the layers (the survey registry ``survey_*``),
    written back whole when they change. Every other table of the file (QGIS
    projects and styles, rasters, views, a user's own layers) is never loaded:
    saves change the file row by row and leave those tables exactly as they are."""
    invalid: Mapping[str, gpd.GeoDataFrame] = field(default_factory=lambda: MappingProxyType({}))
    """Per layer, the rows the engine cannot use (see ``problems``), exactly as read
    (geometry in the project CRS where it could be read). They stay in the file."""
    origin: object | None = None
    """What the file held when it was read (:class:`planner.io.project.FileOrigin`):
    saves compare the layers with it to change only what changed, and notice a
    file changed by another program since. ``None`` for a project never saved."""

    def __post_init__(self) -> None:
        require_metric_crs(self.crs, what="project")
        for name in LAYERS:
            frame = getattr(self, name)
            if frame.crs is None or not CRS.from_user_input(frame.crs).equals(self.crs):
                raise CrsError(
                    f"layer CRS {frame.crs and CRS.from_user_input(frame.crs).to_string()} "
                    f"differs from the project CRS {self.crs.to_string()}",
                    layer=name,
                )

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """The layer called ``name`` (one of :data:`planner.core.schema.LAYERS`)."""
        if name not in LAYERS:
            raise KeyError(name)
        return getattr(self, name)

    def with_layers(self, **layers: gpd.GeoDataFrame) -> Project:
        """A copy with some layers replaced."""
        return replace(self, **layers)

    def without_extra_layers(self, *names: str) -> Project:
        """A copy without some extra tables (they are removed from the file on save)."""
        kept = {k: v for k, v in self.extra_layers.items() if k not in names}
        return replace(self, extra_layers=MappingProxyType(kept))

    def with_extra_layers(self, **tables: pd.DataFrame) -> Project:
        """A copy with some extra tables added or replaced (names must not be project layers)."""
        for name in tables:
            if name in LAYERS:
                raise ValueError(f"{name!r} is a project layer, not an extra table")
        return replace(self, extra_layers=MappingProxyType({**self.extra_layers, **tables}))

    @classmethod
    def empty(cls, crs: CRS, *, ruleset: str = "national") -> Project:
        """A project with every layer present and empty."""
        crs = CRS.from_user_input(crs)
        return cls(
            **{name: empty_layer(spec, crs) for name, spec in LAYERS.items()},
            crs=crs,
            ruleset=ruleset,
        )


def require_metric_crs(crs: object, *, what: str) -> CRS:
    """Return ``crs`` as a pyproj CRS, raising :class:`CrsError` unless it is projected in metres.

    The engine measures distances and areas, so it refuses to guess: geographic
    (degree) coordinates or a missing CRS must be projected by the caller
    (:mod:`planner.io.crs` chooses the project CRS).
    """
    if crs is None:
        raise CrsError(f"{what} has no CRS")
    crs = CRS.from_user_input(crs)
    if not crs.is_projected:
        raise CrsError(f"{what} is in {crs.name}, not a projected CRS; reproject to metres first")
    units = {axis.unit_name for axis in crs.axis_info}
    if not units <= {"metre", "meter"}:
        raise CrsError(f"{what} CRS {crs.name} is not in metres ({', '.join(sorted(units))})")
    return crs
