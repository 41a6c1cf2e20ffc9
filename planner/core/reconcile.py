r"""Matching camera inventories from several sources into one device per real camera.

Pure engine (no files, no Qt): the caller has parsed every inventory into a
:class:`SourceRecords` whose ``x``/``y`` are in one metric CRS. The ownership
survey (issue 5; Harbin Art. 23 names a maintenance owner per system, Qingdao
Art. 16 files every device with the police) needs to know which records of the
police filings, the big-data platform, the property office and the field
survey describe the same camera; :func:`match_records` answers that.

The assignment model
--------------------
Within one source, *duplicates* are collapsed first: records with the same
normalised device code, or with the same pole number (projects, codes and
bearings not contradicting: a pole may carry several cameras) less than
``duplicate_distance_m`` apart. Each group becomes one *unit*; the others are reported as
:class:`Duplicate`.

For every pair of sources :math:`(A, B)` with units :math:`i \in A`,
:math:`j \in B`, distance :math:`d_{ij}` in metres, :math:`D` =
``max_distance_m`` and :math:`R` = ``key_distance_m``, the cost is

.. math::

    c_{ij} = \begin{cases}
      \infty & \text{both carry GB/T 28181 codes and they differ} \\
      0 & \text{equal GB/T 28181 codes} \\
      \tfrac14 + \tfrac14 \min(d_{ij}, R)/R
        & \text{equal pole no. and equal project name},\ d_{ij} \le R \\
      \tfrac12 + \tfrac14 \min(d_{ij}, R)/R
        & \text{equal pole no. (a project missing) or equal other code},\ d_{ij} \le R \\
      1 + d_{ij} & d_{ij} \le D \\
      \infty & \text{otherwise}
    \end{cases}

(the smallest applicable case wins; a missing position counts as
:math:`d_{ij} = R` for the key cases). Candidate pairs come from joins on the
keys and a k-d tree query, never from a dense all-pairs loop. The bipartite
candidate graph splits into connected blocks; on each block
:func:`scipy.optimize.linear_sum_assignment` solves

.. math::

    \min_{x} \sum_{i,j} \hat c_{ij} x_{ij} \quad\text{s.t.}\quad
    \sum_j x_{ij} \le 1,\ \sum_i x_{ij} \le 1,\ x_{ij} \in \{0, 1\}

with :math:`\hat c_{ij} = c_{ij}` for candidates and :math:`\hat c_{ij} = M`
(``FORBIDDEN_COST``, larger than any sum of real costs) otherwise; assignments
with :math:`\hat c_{ij} = M` are dropped. Because :math:`M` dominates, each
block gets as many real matches as possible and, among those, the cheapest:
an optimal one-to-one assignment, never a greedy first-come one.

The pairwise matches of all source pairs are then merged with a union-find,
cheapest match first; a union that would put two units of the same source in
one device is refused, so a device holds at most one unit per source.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from planner.core.codes import is_gb28181_code, normalise_code
from planner.core.errors import InputError
from planner.core.progress import NoProgress, Progress, check

ROLES = ("filings", "survey", "platform", "property")
"""Roles with a meaning for the findings; any other role name is a plain source."""

FIELDS = (
    "device_id",
    "pole_no",
    "project_name",
    "owner",
    "maintainer",
    "status",
    "installed_on",
    "registered_on",
    "last_seen_on",
    "bearing_deg",
    "has_sign",
    "district",
    "address",
    "fault_since",
    "removed_on",
    "device_type",
    "government_built",
    "note",
)
"""Attribute columns a source may carry; a missing column means "not said"."""

REQUIRED_COLUMNS = ("row", "x", "y")
"""Columns every source must carry (``x``/``y`` may be empty for an unlocated record)."""

FORBIDDEN_COST = 1e9
"""Finite stand-in for a forbidden pair in the assignment blocks (the model's :math:`M`)."""

# Which role's word counts first for each merged field; the field survey is the
# truth on the ground, the property office knows owners, the police filings know
# registration, the platform knows when a camera was last online.
_PRIORITY: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "device_id": ("filings", "platform", "property", "survey"),
        "pole_no": ("survey", "property", "filings", "platform"),
        "project_name": ("property", "filings", "platform", "survey"),
        "owner": ("property", "filings", "platform", "survey"),
        "maintainer": ("property", "filings", "platform", "survey"),
        "status": ("survey", "platform", "filings", "property"),
        "installed_on": ("filings", "property", "platform", "survey"),
        "registered_on": ("filings", "platform", "property", "survey"),
        "last_seen_on": ("platform", "survey", "filings", "property"),
        "bearing_deg": ("survey", "filings", "platform", "property"),
        "has_sign": ("survey", "property", "filings", "platform"),
        "district": ("filings", "property", "platform", "survey"),
        "address": ("survey", "property", "filings", "platform"),
        "fault_since": ("platform", "survey", "property", "filings"),
        "removed_on": ("survey", "property", "filings", "platform"),
        "device_type": ("filings", "platform", "property", "survey"),
        "government_built": ("filings", "property", "platform", "survey"),
        "note": ("survey", "platform", "property", "filings"),
    }
)

# Two records on one pole aimed more than this apart are two cameras, not a
# duplicate (the same 20° a re-aimed camera is judged by, Harbin Art. 19).
_SAME_AIM_DEG = 20.0


class ReconcileInputError(InputError):
    """A source handed to the matcher is unusable; the message names source, row and field."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        row: object | None = None,
        field: str | None = None,
        file: str | None = None,
        layer: str | None = None,
    ) -> None:
        self.source = source
        super().__init__(message, file=file, layer=layer, row=row, field=field)

    def _format(self) -> str:
        text = super()._format()
        if self.source is None:
            return text
        sep = ", " if (self.file or self.layer or self.row is not None or self.field) else ": "
        return f"source '{self.source}'{sep}{text}"

    def located(self, *, file: str | None = None, layer: str | None = None) -> InputError:
        """Return a copy that also names the file and/or layer it came from."""
        return type(self)(
            self.detail,
            source=self.source,
            row=self.row,
            field=self.field,
            file=file if file is not None else self.file,
            layer=layer if layer is not None else self.layer,
        )


# ---------------------------------------------------------------------------
# Domain records
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRecords:
    """One parsed inventory: its name, its role and its records.

    ``records`` has the columns of :data:`REQUIRED_COLUMNS` (``row`` is the row
    number in the source file, unique within the source; ``x``/``y`` metric,
    the same CRS for every source) and any of :data:`FIELDS`.
    """

    source: str
    role: str
    records: pd.DataFrame


@dataclass(frozen=True)
class RecordRef:
    """Where a record came from: source name, its role and the row in that source."""

    source: str
    role: str
    row: int


@dataclass(frozen=True)
class Claim:
    """What one record said about one field (or, for positions, its ``(x, y)``)."""

    source: str
    role: str
    row: int
    value: object


@dataclass(frozen=True)
class Conflict:
    """A disagreement between sources for a person to settle.

    ``field`` is ``"owner"``, ``"maintainer"`` or ``"position"``.
    """

    field: str
    claims: tuple[Claim, ...]
    detail: str


@dataclass(frozen=True)
class Device:
    """One real camera as seen by every source that knows it.

    ``claims`` maps each field to what every source said, best source first
    (see ``_PRIORITY``); ``merged`` takes the first claim of each field.
    ``position`` is the median of the survey's records if the survey knows the
    device, else of all records; ``None`` if no record is located.
    """

    device_key: str
    records: tuple[RecordRef, ...]
    claims: Mapping[str, tuple[Claim, ...]]
    merged: Mapping[str, object]
    position: tuple[float, float] | None
    conflicts: tuple[Conflict, ...]
    locations: tuple[Claim, ...] = ()
    """Where each located record puts the device (``value`` is ``(x, y)``)."""

    @property
    def sources(self) -> tuple[str, ...]:
        """The names of the sources that know this device, in input order."""
        return tuple(dict.fromkeys(r.source for r in self.records))

    @property
    def roles(self) -> frozenset[str]:
        """The roles of the sources that know this device."""
        return frozenset(r.role for r in self.records)

    def value(self, name: str) -> object | None:
        """The merged value of ``name`` or ``None`` if no source said anything."""
        return self.merged.get(name)


@dataclass(frozen=True)
class Duplicate:
    """Several records of one source that describe the same camera.

    ``reason`` is ``"device_id"`` (same normalised code) or ``"pole_no"`` (same
    pole within the duplicate distance).
    """

    source: str
    rows: tuple[int, ...]
    reason: str
    device_key: str


@dataclass(frozen=True)
class Matching:
    """The result of :func:`match_records`: devices, duplicates and the options used."""

    devices: tuple[Device, ...]
    duplicates: tuple[Duplicate, ...]
    max_distance_m: float
    source_roles: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Every source matched (name → role), in input order, including empty ones."""
    _index: Mapping[tuple[str, int], int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {(r.source, r.row): k for k, d in enumerate(self.devices) for r in d.records}
        object.__setattr__(self, "_index", MappingProxyType(index))

    def device_of(self, source: str, row: int) -> Device:
        """The device that holds record ``row`` of ``source``; KeyError if unknown."""
        return self.devices[self._index[(source, int(row))]]

    @property
    def conflicts(self) -> tuple[tuple[Device, Conflict], ...]:
        """Every conflict with its device, in device order."""
        return tuple((d, c) for d in self.devices for c in d.conflicts)


# ---------------------------------------------------------------------------
# Preparing sources
# ---------------------------------------------------------------------------


def _clean(value: object) -> object | None:
    """A cell as a claim value: ``None`` for empty cells, NaN and NaT."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


class _UnionFind:
    """Disjoint sets over ``0..n-1``; the smaller index becomes the root (deterministic)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            ri, rj = min(ri, rj), max(ri, rj)
            self.parent[rj] = ri
        return ri


@dataclass(frozen=True)
class _Prepared:
    """A validated source reduced to units (one per duplicate group)."""

    source: str
    role: str
    rows: NDArray[np.int64]  # per record
    xy: NDArray[np.float64]  # per record, (n, 2), NaN when unlocated
    values: tuple[dict[str, object | None], ...]  # per record, cleaned FIELDS
    members: tuple[tuple[int, ...], ...]  # per unit, record indices
    reasons: tuple[str | None, ...]  # per unit, duplicate reason or None
    code: NDArray[np.object_]  # per unit
    gb: NDArray[np.bool_]  # per unit
    pole: NDArray[np.object_]  # per unit
    project: NDArray[np.object_]  # per unit
    unit_xy: NDArray[np.float64]  # per unit


def _validate(src: SourceRecords) -> pd.DataFrame:
    if not isinstance(src.records, pd.DataFrame):
        raise ReconcileInputError("records are not a pandas DataFrame", source=src.source)
    df = src.records
    for column in REQUIRED_COLUMNS:
        if column not in df.columns:
            raise ReconcileInputError("missing column", source=src.source, field=column)
    rows = df["row"].to_numpy()
    for k, value in enumerate(rows):
        if _clean(value) is None or not float(value).is_integer():
            raise ReconcileInputError(
                f"row number {value!r} is not an integer", source=src.source, row=k, field="row"
            )
    seen: set[int] = set()
    for value in rows:
        if int(value) in seen:
            raise ReconcileInputError("row number repeated", source=src.source, row=int(value))
        seen.add(int(value))
    for column in ("x", "y"):
        for row, value in zip(rows, df[column].to_numpy(), strict=True):
            if _clean(value) is None:
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = math.nan
            if not math.isfinite(number):
                raise ReconcileInputError(
                    f"not a finite number: {value!r}", source=src.source, row=int(row), field=column
                )
    return df


def bearing_value(value: object) -> float | None:
    """A bearing in degrees, or ``None`` if absent or not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, np.number)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def angle_between(a: float | None, b: float | None) -> float:
    """Smallest angle between two bearings in degrees; 0 if either is unknown."""
    if a is None or b is None:
        return 0.0
    diff = abs(a - b) % 360.0
    return min(diff, 360.0 - diff)


def _duplicate_groups(
    code: list[str],
    pole: list[str],
    project: list[str],
    bearing: list[float | None],
    xy: NDArray[np.float64],
    duplicate_distance_m: float,
) -> tuple[list[tuple[int, ...]], list[str | None]]:
    """Group one source's records into units; each unit's reason if it holds several."""
    n = len(code)
    uf = _UnionFind(n)
    first_of_code: dict[str, int] = {}
    for i, c in enumerate(code):
        if c:
            if c in first_of_code:
                uf.union(first_of_code[c], i)
            else:
                first_of_code[c] = i
    located = np.flatnonzero(np.isfinite(xy).all(axis=1))
    if located.size > 1:
        pairs = cKDTree(xy[located]).query_pairs(duplicate_distance_m, output_type="ndarray")
        for a, b in sorted(map(tuple, located[pairs].tolist())):
            same_pole = pole[a] and pole[a] == pole[b]
            projects_agree = not (project[a] and project[b] and project[a] != project[b])
            codes_agree = not (code[a] and code[b] and code[a] != code[b])
            aims_agree = angle_between(bearing[a], bearing[b]) <= _SAME_AIM_DEG
            if same_pole and projects_agree and codes_agree and aims_agree:
                uf.union(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    members = [tuple(g) for g in groups.values()]
    reasons: list[str | None] = []
    for g in members:
        codes = [code[i] for i in g if code[i]]
        if len(g) == 1:
            reasons.append(None)
        elif len(codes) > len(set(codes)):
            reasons.append("device_id")
        else:
            reasons.append("pole_no")
    return members, reasons


def _prepare(src: SourceRecords, *, duplicate_distance_m: float) -> _Prepared:
    df = _validate(src)
    n = len(df)
    rows = df["row"].to_numpy().astype(np.int64)
    xy = np.column_stack(
        [pd.to_numeric(df[c], errors="coerce").to_numpy(dtype=float) for c in ("x", "y")]
    ).reshape(n, 2)
    columns = {name: (df[name].tolist() if name in df.columns else [None] * n) for name in FIELDS}
    values = tuple({name: _clean(columns[name][i]) for name in FIELDS} for i in range(n))
    code = [normalise_code(v["device_id"]) for v in values]
    pole = [normalise_code(v["pole_no"]) for v in values]
    project = [normalise_code(v["project_name"]) for v in values]
    bearing = [bearing_value(v["bearing_deg"]) for v in values]
    members, reasons = _duplicate_groups(code, pole, project, bearing, xy, duplicate_distance_m)

    def first(keys: list[str], group: tuple[int, ...]) -> str:
        return next((keys[i] for i in group if keys[i]), "")

    unit_code = np.array([first(code, g) for g in members], dtype=object)
    return _Prepared(
        source=src.source,
        role=src.role,
        rows=rows,
        xy=xy,
        values=values,
        members=tuple(members),
        reasons=tuple(reasons),
        code=unit_code,
        gb=np.array([is_gb28181_code(c) for c in unit_code], dtype=bool),
        pole=np.array([first(pole, g) for g in members], dtype=object),
        project=np.array([first(project, g) for g in members], dtype=object),
        unit_xy=xy[[g[0] for g in members]].reshape(len(members), 2),
    )


# ---------------------------------------------------------------------------
# Pairwise assignment
# ---------------------------------------------------------------------------


def _key_join(
    left: NDArray[np.object_], right: NDArray[np.object_]
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Index pairs ``(i, j)`` with ``left[i] == right[j] != ""`` (a hash join)."""
    a = pd.DataFrame({"key": left, "i": np.arange(len(left))})
    b = pd.DataFrame({"key": right, "j": np.arange(len(right))})
    joined = a[a["key"] != ""].merge(b[b["key"] != ""], on="key", how="inner")
    return joined["i"].to_numpy(dtype=np.intp), joined["j"].to_numpy(dtype=np.intp)


def _pair_costs(
    a: _Prepared, b: _Prepared, *, max_distance_m: float, key_distance_m: float
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Candidate unit pairs of two sources and their cost :math:`c_{ij}` (module docstring)."""
    parts_i: list[NDArray[np.intp]] = []
    parts_j: list[NDArray[np.intp]] = []
    parts_c: list[NDArray[np.float64]] = []

    def distance(i: NDArray[np.intp], j: NDArray[np.intp]) -> NDArray[np.float64]:
        d = np.hypot(*(a.unit_xy[i] - b.unit_xy[j]).T) if i.size else np.zeros(0)
        return np.where(np.isnan(d), key_distance_m, d)

    # Codes: GB/T 28181 equal → 0; any other equal code → key tier.
    i, j = _key_join(a.code, b.code)
    gb = a.gb[i] & b.gb[j]
    d = distance(i, j)
    keep = gb | (d <= key_distance_m)
    parts_i.append(i[keep])
    parts_j.append(j[keep])
    parts_c.append(
        np.where(gb, 0.0, 0.5 + 0.25 * np.minimum(d, key_distance_m) / key_distance_m)[keep]
    )

    # Pole numbers, with or without an agreeing project name.
    i, j = _key_join(a.pole, b.pole)
    pa, pb = a.project[i], b.project[j]
    both = (pa != "") & (pb != "")
    same = both & (pa == pb)
    d = distance(i, j)
    keep = ~(both & ~same) & (d <= key_distance_m)
    tier = np.where(same, 0.25, 0.5)
    parts_i.append(i[keep])
    parts_j.append(j[keep])
    parts_c.append((tier + 0.25 * np.minimum(d, key_distance_m) / key_distance_m)[keep])

    # Distance.
    la = np.flatnonzero(np.isfinite(a.unit_xy).all(axis=1))
    lb = np.flatnonzero(np.isfinite(b.unit_xy).all(axis=1))
    if la.size and lb.size:
        near = cKDTree(a.unit_xy[la]).sparse_distance_matrix(
            cKDTree(b.unit_xy[lb]), max_distance_m, output_type="ndarray"
        )
        parts_i.append(la[near["i"]].astype(np.intp))
        parts_j.append(lb[near["j"]].astype(np.intp))
        parts_c.append(1.0 + near["v"].astype(float))

    i = np.concatenate(parts_i)
    j = np.concatenate(parts_j)
    c = np.concatenate(parts_c)
    # Two different GB/T 28181 codes are two different cameras, however close.
    allowed = ~(a.gb[i] & b.gb[j] & (a.code[i] != b.code[j]))
    i, j, c = i[allowed], j[allowed], c[allowed]
    # Smallest applicable case per pair.
    order = np.lexsort((c, j, i))
    i, j, c = i[order], j[order], c[order]
    first = np.ones(i.size, dtype=bool)
    first[1:] = (i[1:] != i[:-1]) | (j[1:] != j[:-1])
    return i[first], j[first], c[first]


def assign_pairs(
    i: NDArray[np.intp],
    j: NDArray[np.intp],
    cost: NDArray[np.float64],
    *,
    n_left: int,
    n_right: int,
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Optimal one-to-one assignment on sparse candidates, block by connected block.

    Each connected block of the bipartite candidate graph is solved with
    :func:`scipy.optimize.linear_sum_assignment` on a dense matrix filled with
    :data:`FORBIDDEN_COST` (or more, if the block's real costs could add up to
    it) outside the candidates; forbidden assignments are dropped. Usable on its
    own with any sparse cost list ``cost[k]`` for the pair ``(i[k], j[k])``.
    Returns the accepted ``(i, j, cost)``, sorted by ``i``.
    """
    if i.size == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty, np.zeros(0)
    graph = coo_matrix(
        (np.ones(i.size), (i, n_left + j)), shape=(n_left + n_right, n_left + n_right)
    )
    _, labels = connected_components(graph, directed=False)
    block = labels[i]
    order = np.argsort(block, kind="stable")
    i, j, cost, block = i[order], j[order], cost[order], block[order]
    starts = np.flatnonzero(np.r_[True, block[1:] != block[:-1]])
    ends = np.r_[starts[1:], block.size]
    out_i: list[NDArray[np.intp]] = []
    out_j: list[NDArray[np.intp]] = []
    out_c: list[NDArray[np.float64]] = []
    for s, e in zip(starts, ends, strict=True):
        if e - s == 1:
            out_i.append(i[s:e])
            out_j.append(j[s:e])
            out_c.append(cost[s:e])
            continue
        rows, ri = np.unique(i[s:e], return_inverse=True)
        cols, ci = np.unique(j[s:e], return_inverse=True)
        # M must exceed any sum of real costs in the block for the model to hold.
        big = max(
            FORBIDDEN_COST, (float(np.max(cost[s:e])) + 1.0) * (min(rows.size, cols.size) + 1)
        )
        dense = np.full((rows.size, cols.size), big)
        dense[ri, ci] = cost[s:e]
        r, c = linear_sum_assignment(dense)
        ok = dense[r, c] < big
        out_i.append(rows[r[ok]])
        out_j.append(cols[c[ok]])
        out_c.append(dense[r[ok], c[ok]])
    ai, aj, ac = np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_c)
    order = np.argsort(ai, kind="stable")
    return ai[order], aj[order], ac[order]


# ---------------------------------------------------------------------------
# Devices
# ---------------------------------------------------------------------------


def _role_rank(role: str, name: str) -> int:
    order = _PRIORITY[name]
    return order.index(role) if role in order else len(order)


def _build_device(
    units: list[tuple[int, int]],
    prepared: Sequence[_Prepared],
    *,
    conflict_distance_m: float,
) -> tuple[
    list[RecordRef],
    dict[str, tuple[Claim, ...]],
    dict[str, object],
    tuple[float, float] | None,
    tuple[Conflict, ...],
    tuple[Claim, ...],
]:
    refs: list[RecordRef] = []
    located: list[Claim] = []
    claims: dict[str, list[tuple[tuple[int, int, int], Claim]]] = {}
    for s, u in units:
        p = prepared[s]
        for k in p.members[u]:
            row = int(p.rows[k])
            refs.append(RecordRef(p.source, p.role, row))
            if np.isfinite(p.xy[k]).all():
                located.append(Claim(p.source, p.role, row, (float(p.xy[k, 0]), float(p.xy[k, 1]))))
            for name, value in p.values[k].items():
                if value is not None:
                    rank = (_role_rank(p.role, name), s, row)
                    claims.setdefault(name, []).append((rank, Claim(p.source, p.role, row, value)))
    sorted_claims = {
        name: tuple(c for _, c in sorted(items, key=lambda item: item[0]))
        for name, items in claims.items()
    }
    ordered = {name: sorted_claims[name] for name in FIELDS if name in sorted_claims}
    merged = {name: found[0].value for name, found in ordered.items()}

    survey = [c for c in located if c.role == "survey"]
    basis = survey or located
    position = None
    if basis:
        pts = np.array([c.value for c in basis], dtype=float)
        med = np.median(pts, axis=0)
        position = (float(med[0]), float(med[1]))

    conflicts: list[Conflict] = []
    for name in ("owner", "maintainer"):
        found = ordered.get(name, ())
        distinct = dict.fromkeys(normalise_code(c.value) for c in found)
        if len(distinct) > 1:
            conflicts.append(Conflict(name, found, f"{len(distinct)} different {name}s"))
    if len(located) > 1:
        pts = np.array([c.value for c in located], dtype=float)
        spread = float(np.max(np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))))
        if spread > conflict_distance_m:
            conflicts.append(Conflict("position", tuple(located), f"records {spread:.0f} m apart"))
    return refs, ordered, merged, position, tuple(conflicts), tuple(located)


def _device_keys(
    devices: Sequence[tuple[Sequence[RecordRef], Mapping[str, tuple[Claim, ...]]]],
) -> list[str]:
    """A key per device that survives re-imports, so settlements find their device again.

    The first that is unique among all devices: its GB/T 28181 code (the code
    itself); another device code (``id:CODE``); its project and pole number
    (``pole:PROJECT/POLE``), both normalised; else where its first record is (``SOURCE:ROW``,
    stable as long as the file is).
    """

    def values(claims: Mapping[str, tuple[Claim, ...]], name: str) -> set[str]:
        return {v for c in claims.get(name, ()) if (v := normalise_code(c.value))}

    candidates: list[list[str]] = []
    for _refs, claims in devices:
        codes = values(claims, "device_id")
        gb = sorted(c for c in codes if is_gb28181_code(c))
        other = sorted(codes - set(gb))
        poles, projects = values(claims, "pole_no"), values(claims, "project_name")
        mine = []
        if len(gb) == 1:
            mine.append(gb[0])
        if len(other) == 1 and not gb:
            mine.append(f"id:{other[0]}")
        if len(poles) == 1 and len(projects) <= 1:
            mine.append(f"pole:{next(iter(projects), '')}/{next(iter(poles))}")
        candidates.append(mine)
    use: dict[str, int] = {}
    for mine in candidates:
        for key in mine:
            use[key] = use.get(key, 0) + 1
    keys = []
    for (refs, _), mine in zip(devices, candidates, strict=True):
        unique = [k for k in mine if use[k] == 1]
        keys.append(unique[0] if unique else f"{refs[0].source}:{refs[0].row}")
    return keys


def match_records(
    sources: Sequence[SourceRecords],
    *,
    max_distance_m: float = 15.0,
    key_distance_m: float = 100.0,
    duplicate_distance_m: float = 2.0,
    conflict_distance_m: float = 40.0,
    progress: Progress | None = None,
) -> Matching:
    """Match the records of all ``sources`` into devices, one per real camera.

    Options (keyword-only): ``max_distance_m`` — farthest two records matched by
    position alone; ``key_distance_m`` — farthest two records matched by an
    equal pole number or non-GB code (equal GB/T 28181 codes match at any
    distance); ``duplicate_distance_m`` — farthest two records of one source
    with the same pole number counted as duplicates; ``conflict_distance_m`` —
    a device whose records lie farther apart gets a ``position`` conflict.
    The model is written out in the module docstring. Deterministic: the same
    input gives the same result.

    Raises :class:`ReconcileInputError` naming source, row and field for a
    missing column, a repeated or non-integer row number or a non-numeric
    coordinate, and for repeated source names or bad options.
    """
    progress = progress or NoProgress()
    for name, value in (
        ("max_distance_m", max_distance_m),
        ("key_distance_m", key_distance_m),
        ("duplicate_distance_m", duplicate_distance_m),
        ("conflict_distance_m", conflict_distance_m),
    ):
        if not (math.isfinite(value) and value > 0):
            raise ReconcileInputError(f"must be a positive number, not {value!r}", field=name)
    names = [s.source for s in sources]
    for name in names:
        if names.count(name) > 1:
            raise ReconcileInputError("source name given twice", source=name)

    prepared = [_prepare(s, duplicate_distance_m=duplicate_distance_m) for s in sources]
    offsets = np.cumsum([0] + [len(p.members) for p in prepared])
    n_units = int(offsets[-1])

    edges_c: list[NDArray[np.float64]] = []
    edges_a: list[NDArray[np.intp]] = []
    edges_b: list[NDArray[np.intp]] = []
    pairs = [(s, t) for s in range(len(prepared)) for t in range(s + 1, len(prepared))]
    for k, (s, t) in enumerate(pairs):
        check(progress, k / max(len(pairs), 1), f"matching {names[s]} with {names[t]}")
        a, b = prepared[s], prepared[t]
        i, j, c = _pair_costs(a, b, max_distance_m=max_distance_m, key_distance_m=key_distance_m)
        i, j, c = assign_pairs(i, j, c, n_left=len(a.members), n_right=len(b.members))
        edges_a.append(offsets[s] + i)
        edges_b.append(offsets[t] + j)
        edges_c.append(c)
    check(progress, 1.0, "merging")

    source_of = np.repeat(np.arange(len(prepared)), np.diff(offsets))
    uf = _UnionFind(n_units)
    held: dict[int, int] = {u: 1 << int(source_of[u]) for u in range(n_units)}
    if edges_c:
        ea, eb, ec = np.concatenate(edges_a), np.concatenate(edges_b), np.concatenate(edges_c)
        for k in np.lexsort((eb, ea, ec)):
            ra, rb = uf.find(int(ea[k])), uf.find(int(eb[k]))
            if ra == rb or held[ra] & held[rb]:
                continue  # a device holds at most one unit per source
            root = uf.union(ra, rb)
            held[root] = held[ra] | held[rb]

    groups: dict[int, list[tuple[int, int]]] = {}
    for g in range(n_units):
        s = int(source_of[g])
        groups.setdefault(uf.find(g), []).append((s, g - int(offsets[s])))

    built = [
        _build_device(units, prepared, conflict_distance_m=conflict_distance_m)
        for units in groups.values()
    ]
    keys = _device_keys([(refs, ordered) for refs, ordered, _, _, _, _ in built])
    devices: list[Device] = []
    unit_key: dict[tuple[int, int], str] = {}
    for units, key, (refs, ordered, merged, position, conflicts, located) in zip(
        groups.values(), keys, built, strict=True
    ):
        for unit in units:
            unit_key[unit] = key
        devices.append(
            Device(
                device_key=key,
                records=tuple(refs),
                claims=MappingProxyType(ordered),
                merged=MappingProxyType(merged),
                position=position,
                conflicts=conflicts,
                locations=located,
            )
        )

    duplicates = [
        Duplicate(
            source=p.source,
            rows=tuple(int(p.rows[k]) for k in p.members[u]),
            reason=reason,
            device_key=unit_key[(s, u)],
        )
        for s, p in enumerate(prepared)
        for u, reason in enumerate(p.reasons)
        if reason is not None
    ]
    return Matching(
        devices=tuple(devices),
        duplicates=tuple(duplicates),
        max_distance_m=float(max_distance_m),
        source_roles=MappingProxyType({s.source: s.role for s in sources}),
    )
