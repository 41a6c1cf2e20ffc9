"""Writing the survey work list in the format its file name asks for, for the CLI and the window.

``planner reconcile --worklist FILE`` and the window's export both call
:func:`write_worklist`: CSV and Excel are written by :mod:`planner.io.worklist`,
the printable HTML page by :mod:`planner.report.worklist_report`. The choice
by suffix lives here, above both, so that ``io`` never imports ``report``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from planner.core.errors import InputError
from planner.core.project import Project
from planner.io.worklist import write_worklist_csv, write_worklist_xlsx
from planner.report.worklist_report import worklist_html, write_page

#: Output formats by file suffix.
FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}


def check_worklist_path(path: str | os.PathLike[str]) -> str:
    """The format (``csv``, ``xlsx`` or ``html``) for ``path``'s suffix.

    Raises :class:`InputError` naming the file for any other suffix, so a
    command can check its output name before computing the survey.
    """
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise InputError(
            f"unknown work list format {Path(path).suffix!r}; use one of {', '.join(FORMATS)}",
            file=str(path),
        )
    return kind


def write_worklist(
    path: str | os.PathLike[str],
    worklist: gpd.GeoDataFrame,
    *,
    project: Project | None = None,
    intact: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    title: str = "",
    as_of: date | None = None,
    language: str = "en",
    notes: Sequence[str] = (),
) -> None:
    """Write the work list in the format of ``path``'s suffix: .csv, .xlsx, .html or .htm.

    CSV holds the work list only; Excel adds the intact rates and conflicts;
    HTML adds those, ``notes`` (which walked area was used, checks skipped) and a
    small map per device drawn from ``project``. Headers,
    sheet names, names and citations are in ``language`` (``en`` or ``zh``).
    An unknown suffix raises :class:`InputError` naming the file.
    """
    kind = check_worklist_path(path)
    if kind == "csv":
        write_worklist_csv(path, worklist, language=language)
    elif kind == "xlsx":
        write_worklist_xlsx(
            path,
            worklist,
            intact=intact,
            conflicts=conflicts,
            title=title,
            language=language,
        )
    else:
        page = worklist_html(
            worklist,
            project=project,
            intact=intact,
            conflicts=conflicts,
            title=title,
            as_of=as_of,
            language=language,
            notes=notes,
        )
        write_page(path, page)
