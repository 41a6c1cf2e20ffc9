"""The export log: who took what out of a project, when and why (Harbin Art. 25(5)).

Every export and report (``planner export``, ``coverage --gaps``, ``views -o``;
the window later) appends one row to the project's ``export_log`` table, a
table without geometry in the GeoPackage (``docs/project-format.md``). The row
is saved with :func:`planner.io.project.write_project`, which changes only
that table (and the ``modified`` metadata): every other row and table of the
file is kept as it was.
"""

from __future__ import annotations

import getpass
import os
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyogrio

from planner.core.errors import InputError
from planner.io.files import check_writable_target
from planner.io.project import read_project, write_project

#: Name of the log table in the GeoPackage.
EXPORT_LOG_TABLE = "export_log"
#: Its columns, in order.
EXPORT_LOG_COLUMNS = ("time", "user", "kind", "path", "purpose", "public")


def current_user() -> str:
    """The operating-system user name, ``unknown`` when the system cannot say."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def utc_now() -> str:
    """The time now as ISO 8601 UTC to the second, e.g. ``2026-12-03T17:50:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_loggable(project_path: str | os.PathLike[str]) -> None:
    """Raise :class:`InputError` when the project cannot take a log row (missing, read-only).

    Commands call this before exporting, so that no export leaves without its row.
    """
    if not Path(project_path).is_file():
        raise InputError("file does not exist", file=str(project_path))
    check_writable_target(project_path)


def read_export_log(project_path: str | os.PathLike[str]) -> pd.DataFrame:
    """The log rows of ``project_path`` (an empty table with the columns when there are none)."""
    path = Path(project_path)
    try:
        layers = {str(name) for name, *_ in pyogrio.list_layers(path)}
    except Exception as exc:  # GDAL raises many types for files it cannot open
        raise InputError(f"cannot read the project ({exc})", file=str(path)) from None
    if EXPORT_LOG_TABLE not in layers:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EXPORT_LOG_COLUMNS})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            table = pyogrio.read_dataframe(path, layer=EXPORT_LOG_TABLE, read_geometry=False)
    except Exception as exc:
        raise InputError(
            f"cannot read table ({exc})", file=str(path), layer=EXPORT_LOG_TABLE
        ) from None
    return pd.DataFrame(table)


def log_export(
    project_path: str | os.PathLike[str],
    *,
    kind: str,
    path: str | os.PathLike[str],
    purpose: str = "",
    public: bool = False,
    user: str | None = None,
    time: str | None = None,
) -> None:
    """Append one row to ``project_path``'s ``export_log`` and save the project.

    ``kind`` names what was written (``osm``, ``osm_xml``, ``kml``, ``web``,
    ``gaps``, ``views``, ``report``…), ``path`` the file (stored absolute),
    ``purpose`` why (may be empty), ``public`` whether it was a public output.
    ``user`` and ``time`` default to the OS user and now (UTC). Raises
    :class:`InputError` naming the project when it cannot be read or saved.
    """
    project = read_project(project_path)
    table = project.extra_layers.get(EXPORT_LOG_TABLE)
    if table is None:
        table = read_export_log(project_path)
    row = pd.DataFrame(
        {
            "time": [time or utc_now()],
            "user": [user or current_user()],
            "kind": [kind],
            "path": [str(Path(path).absolute())],
            "purpose": [purpose or ""],
            "public": [1 if public else 0],
        }
    )
    # columns someone added to the table are kept
    log = pd.concat([pd.DataFrame(table), row], ignore_index=True) if len(table) else row
    log = log.astype({"time": object, "user": object, "kind": object, "path": object})
    log["purpose"] = log["purpose"].fillna("").astype(object)
    log["public"] = log["public"].fillna(0).astype("int64")
    write_project(project_path, project.with_extra_layers(**{EXPORT_LOG_TABLE: log}))
