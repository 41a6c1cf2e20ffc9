"""The ownership survey as both front ends run it: read, match, judge, settle, export.

``planner reconcile`` and the window's survey (:mod:`planner.ui.controllers.survey`)
call these functions; the window runs them in a background task. Reading the
inventories and writing the registry are :mod:`planner.io.survey`'s; matching
and judging are :mod:`planner.core`'s.

- :func:`reconcile`: the whole survey after reading (settlements kept in the
  project, matching, findings, registry tables);
- :func:`compute_survey`: read the inventories the user chose, then reconcile
  (:class:`SurveyRun` holds everything the window shows);
- :func:`stored_run`: the survey saved in a project, judged again;
- :func:`resettled`: the same devices judged again with new settlements;
- :func:`write_survey_worklist`: the work list, as ``--out`` writes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import pandas as pd
from pyproj import CRS

from planner.core.privacy import private_places
from planner.core.progress import Progress
from planner.core.project import Project
from planner.core.reconcile import Matching, match_records
from planner.core.rulesets import Ruleset
from planner.core.survey import (
    Settlement,
    Survey,
    forbidden_devices,
    settle,
    survey_findings,
    walked_area_text,
    work_list,
)
from planner.io.divisions import division_name
from planner.io.survey import (
    LoadedSources,
    SourceSpec,
    WalkedArea,
    listed_places_of,
    load_sources,
    settlements_of,
    stored_survey,
    survey_tables,
    walked_area_from,
)
from planner.services.worklist import write_worklist

#: Default distance (metres) within which records of two sources may be one device.
DEFAULT_MAX_DISTANCE_M = 15.0


@dataclass(frozen=True)
class SurveyOptions:
    """What the user asked for: the inventories, the survey date, the match distance."""

    specs: tuple[SourceSpec, ...]
    as_of: dt.date
    max_distance_m: float = DEFAULT_MAX_DISTANCE_M
    language: str = "en"  # of the findings' details stored in the registry


def run_survey(
    loaded: LoadedSources,
    *,
    ruleset: Ruleset,
    as_of: dt.date,
    project: Project | None = None,
    settlements: Sequence[Settlement] = (),
    max_distance_m: float = 15.0,
    progress: Progress | None = None,
    walked: WalkedArea | None = None,
) -> Survey:
    """Match the inventories and judge every device (forbidden placements need ``project``)."""
    matching = match_records(loaded.sources, max_distance_m=max_distance_m, progress=progress)
    return judge(
        matching,
        ruleset=ruleset,
        as_of=as_of,
        project=project,
        settlements=settlements,
        walked=walked,
    )


def judge(
    matching: Matching,
    *,
    ruleset: Ruleset,
    as_of: dt.date,
    project: Project | None = None,
    settlements: Sequence[Settlement] = (),
    walked: WalkedArea | None = None,
) -> Survey:
    """Judge matched devices: settlements first, then every finding.

    Settling a conflict in the window calls this with the survey's
    ``unsettled`` matching: no file is read and nothing is matched again.
    ``walked`` is the user's walked area; without one the project's
    ``survey_areas`` layer is used, else the hull of the walked records.
    """
    if walked is None and project is not None:
        walked = walked_area_from(None, project=project, crs=project.crs)
    forbidden = None
    if project is not None:
        settled, _, _ = settle(matching, settlements)  # a settled position decides
        places = private_places(project.buildings, project.private_areas, ruleset=ruleset)
        articles = {c: rule.article for c, rule in ruleset.private_categories.items()}
        forbidden = forbidden_devices(settled, places, articles=articles)
    return survey_findings(
        matching,
        as_of=as_of,
        ruleset=ruleset,
        forbidden=forbidden,
        settlements=settlements,
        walked=walked.geometry if walked is not None else None,
        walked_source=walked.source if walked is not None else "",
        listed_places=listed_places_of(project, ruleset),
        division_lookup=division_name,
    )


@dataclass(frozen=True)
class Reconciled:
    """A survey, its registry tables and the settlements kept on file with it."""

    survey: Survey
    tables: Mapping[str, pd.DataFrame]
    settlements: tuple[Settlement, ...]


def reconcile(
    loaded: LoadedSources,
    *,
    ruleset: Ruleset,
    as_of: dt.date,
    project: Project | None = None,
    max_distance_m: float = 15.0,
    language: str = "en",
    progress: Progress | None = None,
    walked: WalkedArea | None = None,
    settle: Sequence[Settlement] = (),
) -> Reconciled:
    """The whole survey after reading: the project's settlements, matching, findings, tables.

    ``planner reconcile`` and the window both run this. ``settle`` adds new
    decisions (``planner reconcile --settle``, the window's *Settle*) after the
    ones kept in the project: for one device and field the newest wins.
    """
    kept = (settlements_of(project) if project is not None else ()) + tuple(settle)
    survey = run_survey(
        loaded,
        ruleset=ruleset,
        as_of=as_of,
        project=project,
        settlements=kept,
        max_distance_m=max_distance_m,
        progress=progress,
        walked=walked,
    )
    tables = survey_tables(survey, crs=loaded.crs, settlements=kept, language=language)
    return Reconciled(survey, MappingProxyType(tables), kept)


@dataclass(frozen=True)
class SurveyRun:
    """One survey as the window shows it: the inputs read, the result and its tables.

    ``settlements`` is every decision on file (stale ones included), as the
    ``survey_settlements`` table keeps them.
    """

    options: SurveyOptions
    loaded: LoadedSources
    ruleset: Ruleset
    survey: Survey
    tables: Mapping[str, pd.DataFrame]
    settlements: tuple[Settlement, ...]


def compute_survey(
    options: SurveyOptions,
    *,
    ruleset: Ruleset,
    project: Project | None,
    progress: Progress,
) -> SurveyRun:
    """Read, match and judge the inventories (runs in a worker thread).

    The same steps as ``planner reconcile``: :func:`load_sources` into the
    project CRS, then :func:`reconcile`.
    """
    loaded = load_sources(
        options.specs,
        project_crs=project.crs if project is not None else None,
        chinese=ruleset.is_chinese,
        progress=_Scaled(progress, 0.0, 0.3),
    )
    return _run(options, loaded, ruleset, project, _Scaled(progress, 0.3, 1.0))


def _run(
    options: SurveyOptions,
    loaded: LoadedSources,
    ruleset: Ruleset,
    project: Project | None,
    progress: Progress,
) -> SurveyRun:
    """:func:`reconcile` the inputs read, as ``options`` ask, into what the window shows."""
    result = reconcile(
        loaded,
        ruleset=ruleset,
        as_of=options.as_of,
        project=project,
        max_distance_m=options.max_distance_m,
        language=options.language,
        progress=progress,
    )
    return SurveyRun(options, loaded, ruleset, result.survey, result.tables, result.settlements)


def resettled(
    run: SurveyRun, settlements: Sequence[Settlement], project: Project | None
) -> SurveyRun:
    """The same devices judged again with ``settlements`` (nothing read or matched again)."""
    survey = judge(
        run.survey.unsettled or run.survey.matching,
        ruleset=run.ruleset,
        as_of=run.options.as_of,
        project=project,
        settlements=settlements,
    )
    tables = survey_tables(
        survey, crs=run.loaded.crs, settlements=settlements, language=run.options.language
    )
    return replace(
        run, survey=survey, tables=MappingProxyType(tables), settlements=tuple(settlements)
    )


def stored_run(
    project: Project, *, ruleset: Ruleset, progress: Progress, language: str = "en"
) -> SurveyRun | None:
    """The survey saved in ``project``, judged again from its records (runs in a worker).

    None when the project holds no survey. Same steps as ``planner reconcile
    PROJECT`` without ``--source``.
    """
    stored = stored_survey(project)
    if stored is None:
        return None
    options = SurveyOptions((), stored.as_of, stored.max_distance_m, language)
    return _run(options, stored.loaded, ruleset, project, progress)


class _Scaled:
    """A part ``[start, end]`` of a caller's progress (reading, then matching)."""

    def __init__(self, progress: Progress, start: float, end: float) -> None:
        self._progress, self._start, self._end = progress, start, end

    def report(self, fraction: float, message: str = "") -> None:
        """Report the fraction of this part as a fraction of the whole."""
        self._progress.report(self._start + (self._end - self._start) * fraction, message)

    @property
    def cancelled(self) -> bool:
        """Whether the caller asked to stop."""
        return self._progress.cancelled


def write_survey_worklist(
    path: Path,
    survey: Survey,
    *,
    crs: CRS,
    conflicts: pd.DataFrame,
    project: Project | None,
    title: str,
    language: str,
    progress: Progress | None = None,
) -> Path:
    """Write the work list of ``survey`` (CSV, Excel or HTML by suffix) in ``language``.

    ``planner reconcile --out`` and the window's *Export work list* both call it.
    """
    write_worklist(
        path,
        work_list(survey, crs=crs, language=language),
        project=project,
        intact=survey.intact,
        conflicts=conflicts,
        title=title,
        as_of=survey.as_of,
        language=language,
        notes=[n for n in (walked_area_text(survey, language),) if n],
    )
    return path
