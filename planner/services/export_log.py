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
import hashlib
import os
import sqlite3
import warnings
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pyogrio

from planner.core.errors import InputError
from planner.core.project import Project
from planner.io.files import check_writable_target
from planner.io.project import METADATA_TABLE, FileOrigin, read_project, write_project

#: Name of the log table in the GeoPackage.
EXPORT_LOG_TABLE = "export_log"
#: Its columns, in order.
EXPORT_LOG_COLUMNS = ("time", "user", "kind", "path", "purpose", "public")
#: The kind of a page sent to a printer: its ``path`` is the printer's name.
PRINT_KIND = "print"


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


def log_row(
    *,
    kind: str,
    path: str | os.PathLike[str],
    purpose: str = "",
    public: bool = False,
    user: str | None = None,
    time: str | None = None,
) -> pd.DataFrame:
    """One log row (a one-row table with :data:`EXPORT_LOG_COLUMNS`); see :func:`log_export`.

    A file's path is stored absolute; a ``print`` names the printer, kept as given.
    """
    where = str(path) if kind == PRINT_KIND else str(Path(path).absolute())
    return pd.DataFrame(
        {
            "time": [time or utc_now()],
            "user": [user or current_user()],
            "kind": [kind],
            "path": [where],
            "purpose": [purpose or ""],
            "public": [1 if public else 0],
        }
    )


def export_log_of(project: Project) -> pd.DataFrame:
    """The log rows ``project`` holds (an empty table with the columns when there are none)."""
    table = project.extra_layers.get(EXPORT_LOG_TABLE)
    if table is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EXPORT_LOG_COLUMNS})
    return pd.DataFrame(table)


def appended(table: pd.DataFrame | None, rows: pd.DataFrame) -> pd.DataFrame:
    """``table`` with ``rows`` added at the end, typed as the log is stored.

    Columns someone added to the table are kept (empty in the new rows).
    """
    parts = [pd.DataFrame(t) for t in (table, rows) if t is not None and len(t)]
    log = pd.concat(parts, ignore_index=True) if parts else rows.copy()
    for column in EXPORT_LOG_COLUMNS:
        if column not in log:
            log[column] = pd.Series(pd.NA, index=log.index, dtype=object)
    log = log.astype({"time": object, "user": object, "kind": object, "path": object})
    log["purpose"] = log["purpose"].fillna("").astype(object)
    log["public"] = log["public"].fillna(0).astype("int64")
    return log.reset_index(drop=True)


def with_log_rows(project: Project, rows: pd.DataFrame) -> Project:
    """``project`` with ``rows`` appended to its export log (in memory; nothing is written)."""
    return project.with_extra_layers(
        **{EXPORT_LOG_TABLE: appended(project.extra_layers.get(EXPORT_LOG_TABLE), rows)}
    )


def log_export(
    project_path: str | os.PathLike[str],
    *,
    kind: str,
    path: str | os.PathLike[str],
    purpose: str = "",
    public: bool = False,
    user: str | None = None,
    time: str | None = None,
) -> Project:
    """Append one row to ``project_path``'s ``export_log`` and save the project.

    ``kind`` names what was written (``osm``, ``osm_xml``, ``kml``, ``web``,
    ``gaps``, ``views``, ``report``; from the window ``map_image``, ``map_pdf``,
    ``print``, ``worklist``, ``table``), ``path`` the file (stored absolute;
    the printer's name for ``print``), ``purpose`` why (may be empty),
    ``public`` whether it was a public output.
    ``user`` and ``time`` default to the OS user and now (UTC). Returns the
    project as the file now holds it (its ``origin`` describes the new file).
    Raises :class:`InputError` naming the project when it cannot be read or saved.
    """
    project = read_project(project_path)
    if EXPORT_LOG_TABLE not in project.extra_layers:
        project = project.with_extra_layers(**{EXPORT_LOG_TABLE: read_export_log(project_path)})
    row = log_row(kind=kind, path=path, purpose=purpose, public=public, user=user, time=time)
    return write_project(project_path, with_log_rows(project, row))


# ---------------------------------------------------------------------- a project kept open
# A window keeps a project open while ``planner export`` (or the window itself) appends
# log rows to its file. Those saves change only the log, the ``modified`` time and GDAL's
# bookkeeping; :func:`content_digest` sees everything else, so a window can tell such a
# file from one another program edited, and :func:`rebased_on_file` adopts the file's rows.

#: GeoPackage bookkeeping tables whose row about the log changes with every log row.
_BOOKKEEPING = ("gpkg_contents", "gpkg_ogr_contents", "sqlite_sequence")


def content_digest(project_path: str | os.PathLike[str]) -> str:
    """A digest of everything in the file but the export log and the time of its last save.

    Two files with the same digest differ at most in their ``export_log`` rows,
    the ``modified`` metadata and GDAL's last-change times. Raises
    :class:`InputError` when the file cannot be read.
    """
    digest = hashlib.sha256()
    try:
        with sqlite3.connect(f"{Path(project_path).absolute().as_uri()}?mode=ro", uri=True) as db:
            tables = db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).fetchall()
            for name, sql in tables:
                lower = str(name).lower()
                if lower == EXPORT_LOG_TABLE or str(sql or "").upper().startswith("CREATE VIRTUAL"):
                    continue
                cursor = db.execute(f'SELECT * FROM "{str(name).replace(chr(34), chr(34) * 2)}"')
                columns = [str(c[0]).lower() for c in cursor.description]
                skip_column = columns.index("last_change") if "last_change" in columns else -1
                key = columns.index("key") if lower == METADATA_TABLE and "key" in columns else -1
                digest.update(f"\0table {name} {columns}\0".encode())
                for row in cursor:
                    if lower in _BOOKKEEPING and str(row[0]).lower() == EXPORT_LOG_TABLE:
                        continue
                    if key >= 0 and row[key] == "modified":
                        continue
                    if skip_column >= 0:
                        row = row[:skip_column] + row[skip_column + 1 :]
                    digest.update(repr(row).encode())
    except sqlite3.Error as exc:
        raise InputError(f"cannot read the project ({exc})", file=str(project_path)) from None
    return digest.hexdigest()


def own_log_rows(project: Project) -> pd.DataFrame:
    """The log rows of ``project`` its file does not hold yet (logged since it was read or saved).

    The rows of the table minus those the file held (as many of each as it held).
    """
    log = export_log_of(project)
    origin = project.origin
    saved = origin.managed.get(EXPORT_LOG_TABLE) if isinstance(origin, FileOrigin) else None
    if saved is None or not len(saved):
        return log.reset_index(drop=True)
    left = Counter(_keys(pd.DataFrame(saved)))
    keep = []
    for key in _keys(log):
        if left[key] > 0:
            left[key] -= 1
            keep.append(False)
        else:
            keep.append(True)
    return log[keep].reset_index(drop=True)


def _keys(table: pd.DataFrame) -> list[tuple[str, ...]]:
    columns = [c for c in EXPORT_LOG_COLUMNS if c in table]
    return [tuple(str(v) for v in row) for row in table[columns].itertuples(index=False)]


def rebased_on_file(project: Project, on_disk: Project) -> Project:
    """``project`` (open in a window) based on its file as ``on_disk`` read it.

    For a file that changed only by rows appended to its export log (same
    :func:`content_digest` as when ``project`` was read or saved): the log is
    the file's rows and then ``project``'s own rows (:func:`own_log_rows`),
    none lost, none twice; the layers' baselines stay those of ``project``
    (the file's layers did not change), the fingerprint, metadata and log are
    the file's now, so the next save neither refuses the file nor drops its rows.
    The metadata ``project`` changed itself stays changed.
    """
    origin, fresh = project.origin, on_disk.origin
    if not isinstance(origin, FileOrigin) or not isinstance(fresh, FileOrigin):
        raise ValueError("both projects must have been read from a file")
    own = own_log_rows(project)
    file_log = on_disk.extra_layers.get(EXPORT_LOG_TABLE)
    log = appended(file_log, own) if len(own) else file_log
    managed = dict(origin.managed)
    if file_log is not None:
        managed[EXPORT_LOG_TABLE] = file_log
    else:
        managed.pop(EXPORT_LOG_TABLE, None)
    base = dict(origin.metadata or {})
    metadata = dict(fresh.metadata or {})
    metadata.update({k: v for k, v in project.metadata.items() if base.get(k) != str(v)})
    rebased = replace(
        origin,
        fingerprint=fresh.fingerprint,
        metadata=fresh.metadata,
        managed=MappingProxyType(managed),
    )
    extra = {k: v for k, v in project.extra_layers.items() if k != EXPORT_LOG_TABLE}
    if log is not None:
        extra[EXPORT_LOG_TABLE] = log
    return replace(
        project,
        extra_layers=MappingProxyType(extra),
        metadata=MappingProxyType(metadata),
        origin=rebased,
    )
