"""Findings of the ownership survey: what is wrong with each reconciled device.

Pure engine (no files, no Qt). Input: the :class:`~planner.core.reconcile.Matching`
of all inventories, the date of the survey and the ruleset; output: one
:class:`SurveyFinding` per device and problem, each citing the article it rests
on and naming the next action, and the intact rate (完好率) per owner,
maintainer and district. Seed 000 asks districts to *survey every device,
clarify ownership, label it, locate it precisely, remove abandoned ones and
update the filings*; the findings are that list.

Roles give the sources their meaning (:data:`planner.core.reconcile.ROLES`):
``filings`` are the police filings, ``survey`` the field walk (the truth on the
ground), ``platform`` the big-data platform (last time online), ``property`` the
property office. A check that needs a role nobody supplied is skipped (no
filings → nobody can be *unregistered*), never guessed.

The findings, in order of priority (each cites the ruleset's article; the
action says what the crew does — a repair crew, city management pruning trees,
the owner filing papers are different people):

========================  =========================================================
``forbidden_placement``   stands inside a private place drawn as such: remove it
                          (Q Art. 27, C Art. 24 order removal, with the fine)
``abandoned``             the notes say abandoned, scrapped, stolen, lost; or it is
                          broken or offline and nobody claims it: remove it and
                          cancel its filing (seed 000)
``fault``                 the notes state a fault (picture, power, device, clock):
                          repair (Q 19(3), H 25(3), C 19(6)(7)); overdue when noted
                          longer ago than ``repair_hours`` (H Art. 30: 72 h)
``offline``               the notes say offline, or last online more than
                          ``offline_after_days`` before the survey date
``obstructed``            blocked by trees or vines (prune: city management,
                          H Art. 5), adverts, cables
``unowned``               no source names an owner or a maintainer
``unregistered``          not in the police filings although installed more than
                          ``filing_days`` ago (or at an unknown date); not for
                          devices the ruleset exempts (H Art. 18: government-built)
                          or outside the places it lists (Decree 799 Art. 14)
``removed_but_filed``     in the filings, inside the walked area, but the walk did
                          not find it (or found it removed); with a removal date,
                          the removal filing deadline (Q Art. 16 para. 2) or the
                          24-hour restoration (H Art. 19 para. 2)
``moved``                 surveyed more than ``move_tolerance_m`` from the filed
                          position (C Art. 19(5): report to the police)
``re_aimed``              surveyed bearing more than ``reaim_tolerance_deg`` from
                          the filed one
``not_connected``         on the ground or filed, but unknown to the platform
``review_placement``      inside a building whose use has private rooms, none drawn:
                          check where inside
``no_sign``               the survey saw no sign
``duplicate``             several records of one source describe this one device
========================  =========================================================

Notes are read by :mod:`planner.core.field_notes`, which knows what a note is
about and whether it states a fault (``广告牌旁`` is a position, ``已设置隐私遮蔽``
a privacy mask, ``时间不准`` a clock fault).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.core.chinese_terms import cite, private_category, source_name
from planner.core.code_checks import code_mismatches, district_from_code
from planner.core.codes import DivisionLookup
from planner.core.errors import InputError
from planner.core.field_notes import NoteReading, read_note, status_class_of
from planner.core.note_vocabulary import CONDITIONS as FAULT_CONDITIONS
from planner.core.reconcile import (
    FIELDS,
    Claim,
    Device,
    Matching,
    SourceRecords,
    angle_between,
    bearing_value,
)
from planner.core.rulesets import CitedValue, FilingRule, Obligation, Ruleset

FINDINGS = (
    "forbidden_placement",
    "abandoned",
    "fault",
    "offline",
    "obstructed",
    "unowned",
    "unregistered",
    "removed_but_filed",
    "moved",
    "re_aimed",
    "not_connected",
    "review_placement",
    "code_mismatch",
    "no_sign",
    "duplicate",
)
"""Finding names (the ``finding`` column of the work list), most urgent first."""

ACTIONS = (
    "remove",
    "remove_and_cancel_filing",
    "check_placement",
    "repair",
    "set_clock",
    "restore_online",
    "prune_tree",
    "clear_obstruction",
    "name_owner",
    "file",
    "file_removal",
    "check_removal_plan",
    "report_move",
    "refile",
    "restore_bearing",
    "connect_platform",
    "correct_record",
    "add_sign",
    "merge_records",
)
"""Action codes (the ``action`` column of the work list)."""

WORKLIST_COLUMNS = (
    "device_id",
    "pole_no",
    "finding",
    "rule",
    "action",
    "priority",
    "sources",
    "device_key",
    "contact",
    "detail",
    "owner",
    "maintainer",
    "project_name",
    "district",
    "address",
)
"""Columns of the work list frame (plus ``geometry``, a point in the project CRS or None)."""

INTACT_COLUMNS = (
    "group_by",
    "name",
    "devices",
    "intact",
    "rate",
    "required",
    "meets",
    "rule",
    "basis",
    "reference",
    "platform_devices",
    "online",
    "online_rate",
    "connected",
    "connection_rate",
)
"""Columns of the rates table (:func:`intact_rates`); ``group_by`` is ``owner``,
``maintainer``, ``district`` or ``all``; ``basis`` says whether ``required`` is the
ruleset's own figure (``rule``), a figure shown for comparison (``reference``) or
absent (``none``)."""

CONFLICT_COLUMNS = ("device_key", "device_id", "field", "claims", "detail", "settled", "value")
"""Columns of the conflicts table; ``claims`` is readable text naming source and row per value."""

PRIORITY: Mapping[str, int] = MappingProxyType(
    {
        "forbidden_placement": 1,
        "abandoned": 2,
        "fault": 2,
        "offline": 2,
        "obstructed": 2,
        "unowned": 2,
        "unregistered": 3,
        "removed_but_filed": 3,
        "moved": 3,
        "re_aimed": 3,
        "not_connected": 3,
        "review_placement": 4,
        "code_mismatch": 4,
        "no_sign": 4,
        "duplicate": 5,
    }
)
"""Priority of each finding, 1 = most urgent: an unlawful camera first, then gaps
in working cover and in accountability, then paperwork and what to check."""

NO_OWNER_NAME = "(no owner)"
"""Group name of devices without owner in the rates table (权属不明)."""
NO_MAINTAINER_NAME = "(no maintainer)"
"""Group name of devices without maintainer in the rates table (无维护单位)."""
UNKNOWN_DISTRICT_NAME = "(unknown)"
"""Group name of devices without district in the rates table (区县不详)."""


class SurveyInputError(InputError):
    """Bad options or settlements for the survey; the message names the device or field."""


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyFinding:
    """One problem of one device: what, why (the article), and what to do next."""

    device_key: str
    finding: str
    rule: str
    action: str
    priority: int
    detail: str
    contact: str = ""
    template: str = ""
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """``detail`` is ``DETAILS[template]`` filled with ``params`` in English;
    :func:`detail_text` gives it in another language."""


#: Detail sentences per template: (English, Simplified Chinese). The work list
#: goes to offices that read Chinese; the numbers and quoted values are filled in.
DETAILS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "forbidden": (
            "stands inside a private place ({category}); cameras are forbidden there: remove it",
            "位于隐私场所（{category}）内，此处禁止安装，应予拆除",
        ),
        "forbidden_penalty": (
            "stands inside a private place ({category}); cameras are forbidden there: remove "
            "it ({penalty_article}: {penalty})",
            "位于隐私场所（{category}）内，此处禁止安装，应予拆除（{penalty_article}：{penalty_zh}）",
        ),
        "review_placement": (
            "stands inside a building used as {category} where no private room is drawn: "
            "check where inside — lawful in the lobby and public areas, forbidden inside rooms",
            "位于{category}所在建筑内，图上未标出隐私房间：核实安装位置——大堂、公共区域可以安装，"
            "房间内部禁止安装",
        ),
        "blocked": (
            "obstructed: {status} ({source} row {row})",
            "被遮挡：{status}（{source}第{row}行）",
        ),
        "blocked_prune": (
            "obstructed by trees: {status} ({source} row {row}); city management prunes them "
            "({prune_article})",
            "被树木遮挡：{status}（{source}第{row}行）；由城市管理部门修剪（{prune_article}）",
        ),
        "fault": (
            "fault: {status} ({source} row {row})",
            "运行异常：{status}（{source}第{row}行）",
        ),
        "fault_since": (
            "fault: {status} ({source} row {row}), noted {since}, {days} days before the survey",
            "运行异常：{status}（{source}第{row}行），{since}发现，距核查日已{days}天",
        ),
        "fault_overdue": (
            "fault: {status} ({source} row {row}), noted {since}, {days} days before the "
            "survey: repair overdue (limit {limit} h, {deadline_article})",
            "运行异常：{status}（{source}第{row}行），{since}发现，距核查日已{days}天，"
            "超过{limit}小时修复时限（{deadline_article}）",
        ),
        "offline": (
            "offline: {status} ({source} row {row})",
            "离线：{status}（{source}第{row}行）",
        ),
        "offline_since": (
            "last online {seen} ({source} row {row}), {days} days before {as_of} (limit {limit})",
            "最后在线{seen}（{source}第{row}行），至{as_of}已{days}天（上限{limit}天）",
        ),
        "abandoned": (
            "abandoned or missing: {status} ({source} row {row}); remove it and cancel its filing",
            "废弃或丢失：{status}（{source}第{row}行）；拆除并注销备案",
        ),
        "abandoned_fault": (
            "claimed by nobody and out of order: {status} ({source} row {row})",
            "权属不明且运行异常：{status}（{source}第{row}行）",
        ),
        "abandoned_offline": (
            "claimed by nobody and offline: {status} ({source} row {row})",
            "权属不明且离线：{status}（{source}第{row}行）",
        ),
        "abandoned_offline_since": (
            "claimed by nobody, last online {seen} ({source} row {row}), {days} days before "
            "{as_of} (limit {limit})",
            "权属不明且长期离线：最后在线{seen}（{source}第{row}行），至{as_of}已{days}天"
            "（上限{limit}天）",
        ),
        "unowned": ("no source names an owner or maintainer", "各来源均未记载权属单位或维护单位"),
        "unowned_project": (
            "no source names an owner or maintainer; trace it by project {project}",
            "各来源均未记载权属单位或维护单位；可按项目“{project}”追查",
        ),
        "unowned_pole": (
            "no source names an owner or maintainer; trace it by pole {pole}",
            "各来源均未记载权属单位或维护单位；可按杆号{pole}追查",
        ),
        "unowned_project_pole": (
            "no source names an owner or maintainer; trace it by project {project}, pole {pole}",
            "各来源均未记载权属单位或维护单位；可按项目“{project}”、杆号{pole}追查",
        ),
        "unregistered_dated": (
            "not in the police filings; installed {installed}, {days} days ago "
            "(limit {limit} days)",
            "未在公安机关备案；安装于{installed}，已{days}天（期限{limit}天）",
        ),
        "unregistered_existing": (
            "not in the police filings; in use since {installed}, before the rules took effect: "
            "due by {due} ({article})",
            "未在公安机关备案；{installed}前已投入使用，应于{due}前备案（{article}）",
        ),
        "unregistered_undated": (
            "not in the police filings; installation date unknown (limit {limit} days)",
            "未在公安机关备案；安装日期不详（期限{limit}天）",
        ),
        "removed_seen": (
            "the field survey found it removed: {status} ({source} row {row})",
            "实地核查发现已拆除：{status}（{source}第{row}行）",
        ),
        "removed_missing": (
            "filed, inside the walked area, but not found by the field survey",
            "已备案且位于实地核查范围内，但实地核查未找到",
        ),
        "removed_due": (
            "removed {removed_on}, {days} days ago: file the removal by {due} (limit {limit} days)",
            "已于{removed_on}拆除（{days}天前）：应于{due}前办理拆除备案（期限{limit}天）",
        ),
        "removed_overdue": (
            "removed {removed_on}, {days} days ago: the removal filing is overdue since {due} "
            "(limit {limit} days)",
            "已于{removed_on}拆除（{days}天前）：拆除备案已逾期（应于{due}前办理，期限{limit}天）",
        ),
        "removed_restore": (
            "removed {removed_on}: check the replacement plan reported {notice} days before and "
            "that coverage was restored by {restore_by} ({hours} h)",
            "已于{removed_on}拆除：核查是否提前{notice}日报备复建或替代方案，并于{restore_by}前"
            "（{hours}小时内）恢复覆盖",
        ),
        "moved": (
            "surveyed {distance} m from its filed position (tolerance {tolerance} m; {source} "
            "row {row})",
            "实测位置距备案位置{distance}米（容差{tolerance}米；{source}第{row}行）",
        ),
        "re_aimed": (
            "filed bearing {filed}°, surveyed {seen}°: turned {turned}° (tolerance "
            "{tolerance}°); restore it or refile",
            "备案朝向{filed}°，实测{seen}°：偏转{turned}°（容差{tolerance}°）；"
            "恢复备案朝向或重新备案",
        ),
        "not_connected_survey": (
            "found on the ground but not on the platform: not connected",
            "实地核查发现该设备，但联网平台无记录：未联网",
        ),
        "not_connected_filings": (
            "filed with the police but not on the platform: not connected",
            "已在公安机关备案，但联网平台无记录：未联网",
        ),
        "not_integrated_survey": (
            "found on the ground but not on the platform; not government-funded: to be "
            "integrated into the platform",
            "实地核查发现该设备，但联网平台无记录；非政府投资建设：应纳入平台整合",
        ),
        "not_integrated_filings": (
            "filed with the police but not on the platform; not government-funded: to be "
            "integrated into the platform",
            "已在公安机关备案，但联网平台无记录；非政府投资建设：应纳入平台整合",
        ),
        "code_mismatch": (
            "{message}",
            "{message_zh}",
        ),
        "no_sign": ("no sign ({source} row {row})", "未设置明显标识（{source}第{row}行）"),
        "duplicate_code": (
            "source '{source}' rows {rows} describe one camera (same device code)",
            "来源{source}第{rows}行是同一台摄像机（设备编码相同）",
        ),
        "duplicate_pole": (
            "source '{source}' rows {rows} describe one camera (same pole, same place)",
            "来源{source}第{rows}行是同一台摄像机（同一灯杆、同一位置）",
        ),
    }
)
LANGUAGES = ("en", "zh")
"""Languages :func:`detail_text` speaks."""


def detail_text(finding: SurveyFinding, language: str = "en") -> str:
    """The finding's detail sentence in ``language`` (``en`` or ``zh``)."""
    if language not in LANGUAGES:
        raise SurveyInputError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    if finding.template not in DETAILS:
        return finding.detail
    params = dict(finding.params)
    for key in ("penalty_article", "deadline_article", "prune_article", "article", "fine_article"):
        if key in params:
            params[key] = cite(params[key], language)
    if "rows" in params and language == "zh":
        params["rows"] = params["rows"].replace(", ", "、")
    if "source" in params:
        params["source"] = source_name(params["source"], language)
    if "category" in params:
        params["category"] = private_category(params["category"], language)
    return _with_fine(
        DETAILS[finding.template][LANGUAGES.index(language)].format(**params), params, language
    )


def _with_fine(sentence: str, params: Mapping[str, str], language: str) -> str:
    """The sentence and, where the ruleset sets one, the consequence (Q Art. 28, 29)."""
    if not params.get("fine_article"):
        return sentence
    if language == "zh":
        return f"{sentence}（{params['fine_article']}：{params['fine_zh']}）"
    return f"{sentence} ({params['fine_article']}: {params['fine']})"


@dataclass(frozen=True)
class Settlement:
    """A person's decision on a conflict, remembered across re-imports.

    ``field`` is ``owner``, ``maintainer`` or ``position``; ``value`` is the
    chosen owner/maintainer text, or for ``position`` the name of the source
    whose position is right.
    """

    device_key: str
    field: str
    value: str
    note: str = ""
    settled_on: dt.date | None = None


@dataclass(frozen=True)
class Survey:
    """Everything the survey found: findings, intact rates, open and settled conflicts."""

    matching: Matching
    findings: tuple[SurveyFinding, ...]
    intact: pd.DataFrame
    as_of: dt.date
    ruleset: str
    settled: tuple[Settlement, ...] = ()
    stale_settlements: tuple[Settlement, ...] = ()
    skipped_checks: tuple[str, ...] = ()
    unsettled: Matching | None = None
    """The matching before the settlements: judge it again with new ones, no re-matching."""
    walked_area: object | None = None
    """Where the field walk went (a polygon in the project CRS), or None without a walk."""
    walked_area_source: str = ""
    """Which area that is: the user's file or layer, or the hull of the walked records."""
    walked_hull_m: float | None = None
    """When the area is the hull of the walked records: how far it was grown (m)."""
    derived_districts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Device key → district read from its GB/T 28181 code where no record gave one."""

    def district(self, device: Device) -> str:
        """The device's district: as recorded, else as its code says, else empty."""
        return _text(device.value("district")) or self.derived_districts.get(device.device_key, "")

    def count(self, finding: str) -> int:
        """How many findings of one kind."""
        return sum(f.finding == finding for f in self.findings)


# ---------------------------------------------------------------------------
# Reading values
# ---------------------------------------------------------------------------


def status_class(text: object) -> str | None:
    """Class of a free-text status in the former five words.

    removed, vegetation, obstructed, fault, ok; None when the note says nothing
    of the device's condition.

    Kept for callers of the old classes (the window's survey colours); the
    findings use :func:`planner.core.field_notes.read_note` directly.
    """
    return status_class_of(read_note(text))


def as_date(value: object) -> dt.date | None:
    """A claim value as a date (``date``, ``datetime``, ``Timestamp`` or ISO text); else None."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _as_bool(value: object) -> bool | None:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, str):
        # the registry stores signs as yes/no (see _cell)
        return {"yes": True, "no": False}.get(value.strip().casefold())
    if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
        return bool(value)
    return None


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _claims_of(device: Device, name: str, role: str | None = None) -> tuple[Claim, ...]:
    found = device.claims.get(name, ())
    return tuple(c for c in found if role is None or c.role == role)


# ---------------------------------------------------------------------------
# Settlements
# ---------------------------------------------------------------------------


def settle(
    matching: Matching, settlements: Iterable[Settlement]
) -> tuple[Matching, tuple[Settlement, ...], tuple[Settlement, ...]]:
    """Apply remembered decisions: ``(matching, applied, stale)``.

    A settled owner/maintainer becomes the device's merged value and its
    conflict is closed; a settled position takes the named source's position.
    A settlement whose device or conflict no longer exists is *stale*: it is
    returned (kept on file for the user) but changes nothing. The latest
    settlement of a device and field wins.
    """
    latest: dict[tuple[str, str], Settlement] = {}
    for s in settlements:
        if s.field not in ("owner", "maintainer", "position"):
            raise SurveyInputError(
                f"cannot settle {s.field!r}: only owner, maintainer or position",
                row=s.device_key,
                field="field",
            )
        latest[(s.device_key, s.field)] = s
    by_key = {d.device_key: k for k, d in enumerate(matching.devices)}
    devices = list(matching.devices)
    applied: list[Settlement] = []
    stale: list[Settlement] = []
    for (key, name), s in latest.items():
        k = by_key.get(key)
        conflict = None
        if k is not None:
            conflict = next((c for c in devices[k].conflicts if c.field == name), None)
        if k is None or conflict is None:
            stale.append(s)
            continue
        device = devices[k]
        merged = dict(device.merged)
        position = device.position
        if name == "position":
            chosen = [c for c in conflict.claims if c.source == s.value]
            if not chosen:
                stale.append(s)
                continue
            x, y = np.median(np.array([c.value for c in chosen], dtype=float), axis=0)
            position = (float(x), float(y))
        else:
            merged[name] = s.value
        devices[k] = replace(
            device,
            merged=MappingProxyType(merged),
            position=position,
            conflicts=tuple(c for c in device.conflicts if c is not conflict),
        )
        applied.append(s)
    settled = replace(matching, devices=tuple(devices))
    return settled, tuple(applied), tuple(stale)


# ---------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    """The ruleset's numbers, articles and actions the findings need, fallbacks resolved.

    An empty article means the ruleset cites nothing for that duty: the check
    is then skipped (and said so in ``Survey.skipped_checks``), never invented.
    """

    offline_days: int | None
    offline_article: str
    filing_days: int | None
    filing_article: str
    filing: FilingRule
    removal_article: str
    removal_action: str
    removal_days: int | None
    restore_hours: int | None
    repair_hours: int | None
    repair_hours_article: str
    reaim_deg: float | None
    reaim_article: str
    reaim_action: str
    aim_listed_only: bool
    move_m: float | None
    move_article: str
    move_action: str
    move_listed_only: bool
    removal_notice_days: int | None
    intact_min: float | None
    intact_article: str
    intact_reference: CitedValue | None
    owner_article: str
    sign_article: str
    obstruction_article: str
    repair_article: str
    picture_article: str
    clock_article: str
    connection_article: str
    integration_article: str
    prune: Obligation | None
    penalty: Obligation | None
    fines: Mapping[str, Obligation]


def _rules(ruleset: Ruleset) -> _Rules:
    deadlines, maintenance, duties = ruleset.deadlines, ruleset.maintenance, ruleset.obligations

    def cited(citations: Mapping[str, CitedValue], key: str) -> str:
        return citations[key].article if key in citations else ""

    def duty(key: str, fallback: str = "") -> str:
        return duties[key].article if key in duties else fallback

    filing = cited(deadlines.citations, "filing_days")
    repair = duty("fault_repair")
    running = duty("keep_running", repair)
    # Qingdao Art. 16 para. 2 files a removal; Harbin Art. 19 asks a plan before it.
    if "removal_plan" in duties and "removal_filing" not in duties:
        removal_article, removal_action = duties["removal_plan"].article, "check_removal_plan"
    else:
        removal_article = duty("removal_filing", cited(deadlines.citations, "removal_filing_days"))
        removal_action = "file_removal"
    move = duties.get("report_move")
    return _Rules(
        offline_days=deadlines.offline_after_days,
        offline_article=cited(deadlines.citations, "offline_after_days") or running,
        filing_days=deadlines.filing_days,
        filing_article=filing,
        filing=ruleset.filing,
        removal_article=removal_article or filing,
        removal_action=removal_action,
        removal_days=deadlines.removal_filing_days,
        restore_hours=deadlines.restore_coverage_hours,
        repair_hours=deadlines.repair_hours,
        repair_hours_article=cited(deadlines.citations, "repair_hours"),
        reaim_deg=maintenance.reaim_tolerance_deg,
        reaim_article=duty("keep_aim", cited(maintenance.citations, "reaim_tolerance_deg")),
        # a duty to keep the aim: restore it; only a filing that no longer fits: refile
        reaim_action="restore_bearing" if "keep_aim" in duties else "refile",
        aim_listed_only="keep_aim" in duties and duties["keep_aim"].scope == "listed_places",
        move_m=maintenance.move_tolerance_m,
        move_article=move.article if move else "",
        move_action=(move.action if move and move.action else "report_move"),
        move_listed_only=move is not None and move.scope == "listed_places",
        removal_notice_days=deadlines.removal_notice_days,
        intact_min=maintenance.intact_rate_min,
        intact_article=cited(maintenance.citations, "intact_rate_min"),
        intact_reference=ruleset.references.get("intact_rate_min"),
        owner_article=duty("maintenance_owner"),
        sign_article=duty("sign"),
        obstruction_article=duty("no_obstruction", repair),
        repair_article=repair,
        picture_article=duty("clear_picture", repair),
        clock_article=duty("correct_clock", repair),
        connection_article=duty("platform_connection"),
        integration_article=duty("platform_integration"),
        prune=duties.get("prune_trees"),
        penalty=duties.get("forbidden_removal"),
        fines=MappingProxyType(
            {
                finding: duties[key]
                for finding, key in (
                    ("unregistered", "filing_penalty"),
                    ("no_sign", "sign_penalty"),
                    ("obstructed", "obstruction_penalty"),
                    ("fault", "operation_penalty"),
                    ("offline", "operation_penalty"),
                )
                if key in duties
            }
        ),
    )


def _contact(device: Device, *, prefer: str) -> str:
    other = "owner" if prefer == "maintainer" else "maintainer"
    return _text(device.value(prefer)) or _text(device.value(other))


def _is_unowned(device: Device) -> bool:
    return not (_text(device.value("owner")) or _text(device.value("maintainer")))


@dataclass(frozen=True)
class _Condition:
    """What the notes say of a device: its state, the record saying it, and the reading."""

    state: str | None
    claim: Claim | None
    reading: NoteReading | None


_NO_CONDITION = _Condition(None, None, None)


def _condition(device: Device) -> _Condition:
    """The device's state from its status notes: the field survey's first, then any source's.

    The first note that says something about the device's condition decides
    (:func:`planner.core.field_notes.read_note`); a note about its position or
    surroundings only (``广告牌旁``) says nothing and is passed over.
    """
    claims = (_claims_of(device, "status", "survey") + _claims_of(device, "note", "survey")) or (
        _claims_of(device, "status") + _claims_of(device, "note")
    )
    found = _NO_CONDITION
    for claim in claims:
        reading = read_note(claim.value)
        if reading.state is not None:
            found = _Condition(reading.state, claim, reading)
            break
    if found.state in (None, "ok"):
        # a camera that works on the ground may still not reach the platform: the
        # platform knows its own link best
        for claim in _claims_of(device, "status", "platform"):
            reading = read_note(claim.value)
            if reading.state == "offline":
                return _Condition("offline", claim, reading)
    return found


def _last_seen(device: Device) -> tuple[dt.date | None, Claim | None]:
    return _latest_date(device, "last_seen_on")


def _latest_date(device: Device, name: str) -> tuple[dt.date | None, Claim | None]:
    best: tuple[dt.date | None, Claim | None] = (None, None)
    for claim in _claims_of(device, name):
        day = as_date(claim.value)
        if day is not None and (best[0] is None or day > best[0]):
            best = (day, claim)
    return best


def walked_area(matching: Matching, reach_m: float) -> object | None:
    """Where the field walk went when the user gives no area.

    The hull of the walked records buffered by ``reach_m`` (the matching
    distance), or None without any walked record.
    """
    points = [c.value for d in matching.devices for c in d.locations if c.role == "survey"]
    if not points:
        return None
    hull = shapely.convex_hull(shapely.multipoints(np.array(points, dtype=float)))
    return shapely.buffer(hull, reach_m, quad_segs=8)


def survey_findings(
    matching: Matching,
    *,
    as_of: dt.date,
    ruleset: Ruleset,
    forbidden: Mapping[str, tuple[str, str, str]] | None = None,
    settlements: Iterable[Settlement] = (),
    survey_reach_m: float = 100.0,
    walked: object | None = None,
    walked_source: str = "",
    listed_places: object | None = None,
    division_lookup: DivisionLookup | None = None,
) -> Survey:
    """All findings of the survey and the intact rates (see the module docstring).

    Options (keyword-only): ``as_of`` — the survey date the deadlines count
    to; ``ruleset`` — numbers, articles and actions; ``forbidden`` — device
    key → ``(kind, category, article)`` for devices standing in private places
    (from :func:`forbidden_devices`; ``kind`` is ``forbidden`` or ``review``);
    ``settlements`` — decisions on conflicts applied first (:func:`settle`);
    ``walked`` — the area the field walk covered (a polygon, from the user's
    ``--walked-area`` file or ``survey_areas`` layer; ``walked_source`` names
    it); without one it is the hull of the walked records buffered by
    ``survey_reach_m`` (:func:`walked_area`). A filed device inside the walked
    area that the walk did not find is *removed_but_filed*; outside it, it was
    simply not visited. ``listed_places`` — where the filing duty applies
    when the ruleset limits it to listed places (``[filing] scope =
    "listed_places"``, Decree 799 Art. 14 with Art. 7): the mandatory zones
    near which a device serves them; without it that check is skipped.
    ``division_lookup`` names the administrative division of a GB/T 28181
    code (:func:`planner.io.divisions.division_name`): an empty district is
    filled from the code and a contradicting one is a *code_mismatch*;
    without it only the device kind is checked against the code.
    """
    if not isinstance(as_of, dt.date):
        raise SurveyInputError(f"as_of must be a date, not {as_of!r}", field="as_of")
    if not (math.isfinite(survey_reach_m) and survey_reach_m >= 0):
        raise SurveyInputError(
            f"must be a non-negative number, not {survey_reach_m!r}", field="survey_reach_m"
        )
    unsettled = matching
    matching, applied, stale = settle(matching, settlements)
    rules = _rules(ruleset)
    roles = set(matching.source_roles.values()) or {
        r.role for d in matching.devices for r in d.records
    }
    skipped: list[str] = []
    if "filings" not in roles:
        skipped.append("unregistered, removed_but_filed, re_aimed, moved: no police filings given")
    if "survey" not in roles:
        skipped.append("removed_but_filed, no_sign, moved: no field survey given")
    if "platform" not in roles:
        skipped.append("not_connected, online and connection rates: no platform source given")
    elif not rules.connection_article:
        skipped.append(f"not_connected: ruleset {ruleset.id!r} cites no platform_connection duty")
    if rules.reaim_deg is None:
        skipped.append(f"re_aimed: ruleset {ruleset.id!r} sets no reaim_tolerance_deg")
    if rules.move_m is None or not rules.move_article:
        skipped.append(f"moved: ruleset {ruleset.id!r} sets no move_tolerance_m or report_move")
    if rules.offline_days is None:
        skipped.append(f"offline (last online): ruleset {ruleset.id!r} sets no offline_after_days")
    if (rules.aim_listed_only or rules.move_listed_only) and listed_places is None:
        skipped.append(
            f"re_aimed, moved: {rules.reaim_article} protects only the cameras of the places "
            "the rules list and no mandatory zones were given"
        )
    if rules.filing.scope == "listed_places" and listed_places is None:
        skipped.append(
            f"unregistered: {rules.filing.article} limits filing to the places it lists and no "
            "mandatory zones were given"
        )

    hull_m: float | None = None
    if walked is None and "survey" in roles:
        walked = walked_area(matching, survey_reach_m)
        if walked is not None:
            walked_source = f"hull of the walked records + {survey_reach_m:g} m"
            hull_m = survey_reach_m
    positions = np.array(
        [d.position if d.position is not None else (np.nan, np.nan) for d in matching.devices],
        dtype=float,
    ).reshape(len(matching.devices), 2)

    def inside(area: object | None) -> np.ndarray:
        if area is None:
            return np.zeros(len(positions), dtype=bool)
        return shapely.contains_xy(area, positions[:, 0], positions[:, 1])

    in_survey = inside(walked)
    in_listed = inside(listed_places) if listed_places is not None else None

    findings: list[SurveyFinding] = []
    state = _States()
    exempt = 0
    for k, device in enumerate(matching.devices):
        if forbidden and device.device_key in forbidden:
            findings.append(_placement(device, forbidden[device.device_key], rules))
        condition = _condition(device)
        context = _Context(
            rules=rules,
            roles=roles,
            as_of=as_of,
            in_survey=bool(in_survey[k]),
            listed=None if in_listed is None else bool(in_listed[k]),
            condition=condition,
            lookup=division_lookup,
        )
        gone = list(_removed(device, context))
        if gone or condition.state == "removed":
            state.removed.add(device.device_key)
        if gone:
            findings.extend(gone)
        else:
            broken = list(_condition_findings(device, context))
            for f in broken:
                state.add(f)
            findings.extend(broken)
            gone = [f for f in broken if f.finding == "abandoned"]
        context = replace(context, gone=bool(gone))
        if _platform_offline(device, as_of, rules.offline_days):
            state.offline.add(device.device_key)
        unfiled = "filings" in roles and "filings" not in device.roles
        if unfiled and not context.gone and _is_exempt(device, context):
            exempt += 1
        for check in _CHECKS:
            findings.extend(check(device, context))
    findings.extend(_duplicates(matching, rules))
    derived = {}
    if division_lookup is not None:
        for device in matching.devices:
            filled = district_from_code(_values(device), division_lookup)
            if filled is not None:
                derived[device.device_key] = filled.value
    if exempt:
        skipped.append(
            f"unregistered: {exempt} device(s) exempt as government-built ({rules.filing.article})"
        )
    order = {name: i for i, name in enumerate(FINDINGS)}
    findings.sort(key=lambda f: (f.priority, order[f.finding], f.device_key))
    intact = intact_rates(
        matching,
        derelict=state.not_intact,
        removed=state.removed,
        offline=state.offline,
        required=rules.intact_min,
        article=rules.intact_article,
        reference=rules.intact_reference,
        platform="platform" in roles,
        districts=derived,
    )
    return Survey(
        matching=matching,
        findings=tuple(findings),
        intact=intact,
        as_of=as_of,
        ruleset=ruleset.id,
        settled=applied,
        stale_settlements=stale,
        skipped_checks=tuple(skipped),
        unsettled=unsettled,
        walked_area=walked,
        walked_area_source=walked_source,
        walked_hull_m=hull_m,
        derived_districts=MappingProxyType(derived),
    )


@dataclass
class _States:
    """Devices by what the findings say of them, for the rates."""

    removed: set[str] = field(default_factory=set)
    not_intact: set[str] = field(default_factory=set)
    offline: set[str] = field(default_factory=set)

    def add(self, finding: SurveyFinding) -> None:
        if finding.finding in ("fault", "offline", "obstructed", "abandoned"):
            self.not_intact.add(finding.device_key)
        if finding.finding == "offline" or finding.params.get("reason") == "offline":
            self.offline.add(finding.device_key)


def _platform_offline(device: Device, as_of: dt.date, limit: int | None) -> bool:
    """What the platform says of the link, whatever the ground says of the picture."""
    for claim in _claims_of(device, "status", "platform"):
        if read_note(claim.value).state == "offline":
            return True
    seen, _ = _last_seen(device)
    return seen is not None and limit is not None and (as_of - seen).days > limit


@dataclass(frozen=True)
class _Context:
    """What every per-device check needs besides the device."""

    rules: _Rules
    roles: set[str]
    as_of: dt.date
    in_survey: bool
    listed: bool | None
    condition: _Condition
    lookup: DivisionLookup | None = None
    gone: bool = False
    """Removed, missing or abandoned: filing, sign, link and position checks do not apply."""


def walked_area_text(survey: Survey, language: str = "en") -> str:
    """Which walked area the survey used, for the work list (``en`` or ``zh``)."""
    source = survey.walked_area_source
    if not source:
        return ""
    if survey.walked_hull_m is not None:
        metres = f"{survey.walked_hull_m:g}"
        if language == "zh":
            return f"实地核查范围：实地核查记录点的外包络外扩{metres}米（未提供核查范围）"
        return f"walked area: the hull of the walked records buffered by {metres} m (none given)"
    if source.startswith("layer "):
        layer = source.removeprefix("layer ")
        return (
            f"实地核查范围：项目图层 {layer}" if language == "zh" else f"walked area: layer {layer}"
        )
    return f"实地核查范围：文件 {source}" if language == "zh" else f"walked area: file {source}"


def _finding(
    device: Device,
    finding: str,
    rule: str,
    action: str,
    template: str,
    *,
    contact: str = "",
    fine: Obligation | None = None,
    **params: object,
) -> SurveyFinding:
    """One finding; ``fine`` is the ruleset's consequence of the breach, told in the detail."""
    texts = {name: str(value) for name, value in params.items()}
    if fine is not None:
        texts |= {
            "fine_article": fine.article,
            "fine": fine.note,
            "fine_zh": fine.note_zh or fine.note,
        }
    return SurveyFinding(
        device_key=device.device_key,
        finding=finding,
        rule=rule,
        action=action,
        priority=PRIORITY[finding],
        detail=_with_fine(DETAILS[template][0].format(**texts), texts, "en"),
        contact=contact,
        template=template,
        params=MappingProxyType(texts),
    )


def _said(claim: Claim | None) -> dict[str, object]:
    """Template parameters naming what one record said and where."""
    if claim is None:
        return {"status": "", "source": "", "row": ""}
    return {"status": claim.value, "source": claim.source, "row": claim.row}


def _placement(device: Device, found: tuple[str, str, str], rules: _Rules) -> SurveyFinding:
    """A device in a private place: forbidden (drawn room) or to check (building use only)."""
    kind, category, article = found
    if kind == "review":
        return _finding(
            device,
            "review_placement",
            article,
            "check_placement",
            "review_placement",
            contact=_contact(device, prefer="owner"),
            category=category,
        )
    penalty = rules.penalty
    return _finding(
        device,
        "forbidden_placement",
        article,
        "remove",
        "forbidden_penalty" if penalty else "forbidden",
        contact=_contact(device, prefer="owner"),
        category=category,
        penalty_article=penalty.article if penalty else "",
        penalty=penalty.note if penalty else "",
        penalty_zh=(penalty.note_zh or penalty.note) if penalty else "",
    )


def _condition_findings(device: Device, context: _Context) -> Iterable[SurveyFinding]:
    """Abandoned, fault, offline or obstructed: what the crew must do with the device."""
    rules, condition = context.rules, context.condition
    said = _said(condition.claim)
    contact = _contact(device, prefer="maintainer")
    if condition.state == "abandoned":
        # Seed 000: abandoned devices are removed and the filings updated.
        rule, action = _abandoned_rule(device, rules, rules.repair_article)
        yield _finding(
            device,
            "abandoned",
            rule,
            action,
            "abandoned",
            contact=_contact(device, prefer="owner"),
            fine=None,
            **said,
        )
        return
    if condition.state == "obstructed":
        reading = condition.reading
        vegetation = reading is not None and reading.obstruction == "vegetation"
        if vegetation and rules.prune is not None:
            # Harbin Art. 5: city management prunes the trees, not the camera's owner
            yield _finding(
                device,
                "obstructed",
                rules.obstruction_article,
                "prune_tree",
                "blocked_prune",
                contact=rules.prune.note_zh or rules.prune.note,
                prune_article=rules.prune.article,
                fine=None,
                **said,
            )
            return
        yield _finding(
            device,
            "obstructed",
            rules.obstruction_article,
            "prune_tree" if vegetation else "clear_obstruction",
            "blocked",
            contact=contact,
            fine=rules.fines.get("obstructed"),
            **said,
        )
        return
    if condition.state == "fault":
        reading = condition.reading
        faults = _fault_topics(reading)
        clock_only = faults == {"clock"}
        rule = rules.clock_article if clock_only else _fault_article(rules, reading)
        action = "set_clock" if clock_only else "repair"
        yield from _fault_or_abandoned(device, context, "fault", rule, action, said, contact)
        return
    if condition.state == "offline":
        yield from _fault_or_abandoned(
            device, context, "offline", rules.offline_article, "restore_online", said, contact
        )
        return
    if rules.offline_days is None:
        return
    seen, where = _last_seen(device)
    if seen is None or (context.as_of - seen).days <= rules.offline_days:
        return
    params = {
        **_said(where),
        "seen": seen.isoformat(),
        "days": (context.as_of - seen).days,
        "as_of": context.as_of.isoformat(),
        "limit": rules.offline_days,
    }
    yield from _fault_or_abandoned(
        device, context, "offline_since", rules.offline_article, "restore_online", params, contact
    )


def _abandoned_rule(device: Device, rules: _Rules, fallback: str) -> tuple[str, str]:
    """Article and action for an abandoned device.

    Filed, where the rules file removals (Q Art. 16 para. 2): remove it and cancel
    the filing under that article. Harbin files no removal (Art. 19 asks a plan
    before removing a mandatory camera): the device breaks the duty to keep the
    system running, and it is removed.
    """
    if "filings" in device.roles and rules.removal_action == "file_removal":
        return rules.removal_article, "remove_and_cancel_filing"
    return fallback, "remove"


def _fault_topics(reading: NoteReading | None) -> set[str]:
    """What the faults a note states are about (picture, clock, power, device…)."""
    if reading is None:
        return set()
    topics = {FAULT_CONDITIONS.get(c, (None, None)) for c in reading.conditions}
    return {topic or "device" for state, topic in topics if state == "fault"}


def _fault_article(rules: _Rules, reading: NoteReading | None) -> str:
    """Q Art. 19(3), C Art. 19(6) keep the picture clear: a picture fault cites that duty."""
    if _fault_topics(reading) == {"picture"}:
        return rules.picture_article
    return rules.repair_article


def _fault_or_abandoned(
    device: Device,
    context: _Context,
    reason: str,
    rule: str,
    action: str,
    params: Mapping[str, object],
    contact: str,
) -> Iterable[SurveyFinding]:
    """A fault or an offline device; claimed by nobody, it is abandoned (seed 000: remove it)."""
    finding = "offline" if reason.startswith("offline") else "fault"
    if _is_unowned(device):
        abandoned_rule, abandoned_action = _abandoned_rule(device, context.rules, rule)
        yield _finding(
            device,
            "abandoned",
            abandoned_rule,
            abandoned_action,
            f"abandoned_{reason}",
            reason=finding,
            contact="",
            fine=None,
            **params,
        )
        return
    template, extra = reason, {}
    since, _ = _latest_date(device, "fault_since")
    limit = context.rules.repair_hours
    if finding == "fault" and since is not None:
        hours = (context.as_of - since).days * 24
        extra = {"since": since.isoformat(), "days": (context.as_of - since).days}
        template = "fault_since"
        if limit is not None and hours > limit:
            template = "fault_overdue"
            extra |= {"limit": limit, "deadline_article": context.rules.repair_hours_article}
    yield _finding(
        device,
        finding,
        rule,
        action,
        template,
        contact=contact,
        fine=context.rules.fines.get(finding),
        **params,
        **extra,
    )


def _unowned(device: Device, context: _Context) -> Iterable[SurveyFinding]:
    if not _is_unowned(device):
        return
    project, pole = _text(device.value("project_name")), _text(device.value("pole_no"))
    template = "unowned" + ("_project" if project else "") + ("_pole" if pole else "")
    yield _finding(
        device,
        "unowned",
        context.rules.owner_article,
        "name_owner",
        template,
        project=project,
        pole=pole,
    )


#: Owner names of government bodies (a system they own was built with public money).
_GOVERNMENT = re.compile(r"政府|公安|交警|城管|城市管理|大数据|政法委|街道办事处|管委会|局$")
# (not 委员会 alone: an estate's 业主委员会 is the homeowners' committee, not an office)


def _government_built(device: Device) -> bool:
    """Built with government money: as a record says, else presumed from a government owner."""
    said = _as_bool(device.value("government_built"))
    if said is not None:
        return said
    return bool(_GOVERNMENT.search(_text(device.value("owner"))))


def _is_exempt(device: Device, context: _Context) -> bool:
    """True when the ruleset exempts this device from filing (Harbin Art. 18: government-built)."""
    return context.rules.filing.exempt == "government_built" and _government_built(device)


def _unregistered(device: Device, context: _Context) -> Iterable[SurveyFinding]:
    rules = context.rules
    if "filings" not in context.roles or "filings" in device.roles or rules.filing_days is None:
        return
    if context.gone or context.condition.state == "removed" or _is_exempt(device, context):
        return
    if rules.filing.scope == "listed_places" and not context.listed:
        return  # not in a place the rules list, or no zones to tell: no filing duty shown
    installed = as_date(device.value("installed_on"))
    transition = rules.filing
    if (
        installed is not None
        and transition.in_use_before is not None
        and transition.existing_by is not None
        and installed < transition.in_use_before
    ):
        # in use before the rules took effect: filed by a fixed date (Decree 799: 2025-07-01)
        if context.as_of <= transition.existing_by:
            return
        template = "unregistered_existing"
        params: dict[str, object] = {
            "installed": installed.isoformat(),
            "due": transition.existing_by.isoformat(),
            "article": transition.article,
        }
    elif installed is not None and (context.as_of - installed).days <= rules.filing_days:
        return  # still within the filing period
    elif installed is not None:
        template = "unregistered_dated"
        params = {"installed": installed.isoformat(), "days": (context.as_of - installed).days}
    else:
        template, params = "unregistered_undated", {}
    yield _finding(
        device,
        "unregistered",
        rules.filing_article,
        "file",
        template,
        contact=_contact(device, prefer="owner"),
        fine=rules.fines.get("unregistered"),
        limit=rules.filing_days,
        **params,
    )


def _removed(device: Device, context: _Context) -> Iterable[SurveyFinding]:
    rules = context.rules
    if "filings" not in device.roles or "survey" not in context.roles:
        return
    state, said = context.condition.state, context.condition.claim
    if "survey" in device.roles and state != "removed":
        return
    template, params = "removed_seen", _said(said)
    if state != "removed":
        if not context.in_survey:
            return  # outside the walked area: not visited, not missing
        seen, _ = _last_seen(device)
        limit = rules.offline_days or 0
        if seen is not None and (context.as_of - seen).days <= limit:
            return  # online lately: the walk missed it rather than it being gone
        template, params = "removed_missing", {}
    removed_on, _ = _latest_date(device, "removed_on")
    if removed_on is not None:
        days = (context.as_of - removed_on).days
        params = {**params, "removed_on": removed_on.isoformat(), "days": days}
        if rules.removal_action == "check_removal_plan" and rules.restore_hours is not None:
            restore_by = removed_on + dt.timedelta(hours=rules.restore_hours)
            template = "removed_restore"
            params |= {
                "hours": rules.restore_hours,
                "restore_by": restore_by.isoformat(),
                "notice": rules.removal_notice_days or 30,
            }
        elif rules.removal_days is not None:
            template = "removed_overdue" if days > rules.removal_days else "removed_due"
            due = removed_on + dt.timedelta(days=rules.removal_days)
            params |= {"limit": rules.removal_days, "due": due.isoformat()}
    yield _finding(
        device,
        "removed_but_filed",
        rules.removal_article,
        rules.removal_action,
        template,
        contact=_contact(device, prefer="owner"),
        fine=None,
        **params,
    )


def _moved(device: Device, context: _Context) -> Iterable[SurveyFinding]:
    """Surveyed position farther than the tolerance from the filed one (C 19(5), H 19)."""
    rules = context.rules
    if rules.move_m is None or not rules.move_article or context.gone:
        return
    if rules.move_listed_only and not context.listed:
        return  # H Art. 19 protects only the cameras of the places Art. 8 lists
    filed = [c for c in device.locations if c.role == "filings"]
    seen = [c for c in device.locations if c.role == "survey"]
    if not filed or not seen:
        return
    # a position claim's value is its (x, y)
    here, there = filed[0].value, seen[0].value
    distance = math.dist(cast("tuple[float, float]", here), cast("tuple[float, float]", there))
    if distance > rules.move_m:
        yield _finding(
            device,
            "moved",
            rules.move_article,
            rules.move_action,
            "moved",
            contact=_contact(device, prefer="owner"),
            distance=f"{distance:.0f}",
            tolerance=f"{rules.move_m:g}",
            source=seen[0].source,
            row=seen[0].row,
        )


def _bearing(device: Device, role: str) -> float | None:
    """The first bearing a source of ``role`` gives for the device, in degrees."""
    claims = _claims_of(device, "bearing_deg", role)
    return next((b for c in claims if (b := bearing_value(c.value)) is not None), None)


def _re_aimed(device: Device, context: _Context) -> Iterable[SurveyFinding]:
    rules = context.rules
    if rules.reaim_deg is None or (rules.aim_listed_only and not context.listed):
        return  # (H Art. 19 protects only the cameras of the places Art. 8 lists)
    filed, seen = _bearing(device, "filings"), _bearing(device, "survey")
    if filed is None or seen is None:
        return
    turned = angle_between(filed, seen)
    if turned > rules.reaim_deg:
        yield _finding(
            device,
            "re_aimed",
            rules.reaim_article,
            rules.reaim_action,
            "re_aimed",
            contact=_contact(device, prefer="owner"),
            filed=f"{filed:.0f}",
            seen=f"{seen:.0f}",
            turned=f"{turned:.0f}",
            tolerance=f"{rules.reaim_deg:.0f}",
        )


def _not_connected(device: Device, context: _Context) -> Iterable[SurveyFinding]:
    """On the ground or filed, but unknown to the platform (seed 000: "not connected")."""
    rules = context.rules
    if "platform" not in context.roles or not rules.connection_article:
        return
    if "platform" in device.roles or context.gone or context.condition.state == "removed":
        return
    if not ({"survey", "filings"} & set(device.roles)):
        return
    where = "survey" if "survey" in device.roles else "filings"
    if _government_built(device):
        # government-funded systems must be connected (Q Art. 13, H Art. 13, C Art. 16)
        article, template = rules.connection_article, f"not_connected_{where}"
    elif rules.integration_article:
        # others: the police integrate them, or they connect on demand
        article, template = rules.integration_article, f"not_integrated_{where}"
    else:
        return
    yield _finding(
        device,
        "not_connected",
        article,
        "connect_platform",
        template,
        contact=_contact(device, prefer="maintainer"),
    )


def _no_sign(device: Device, context: _Context) -> Iterable[SurveyFinding]:
    rules = context.rules
    if not rules.sign_article or context.gone or context.condition.state == "removed":
        return
    claims = _claims_of(device, "has_sign", "survey") or _claims_of(device, "has_sign")
    said = next((b for c in claims if (b := _as_bool(c.value)) is not None), None)
    if said is None:
        # no sign column: a note may say it ("正常，无标识")
        notes = [
            c
            for c in _claims_of(device, "status", "survey") + _claims_of(device, "note", "survey")
            if read_note(c.value).has_sign is False
        ]
        said, claims = (False, tuple(notes)) if notes else (None, claims)
    if said is False:
        source = claims[0]
        yield _finding(
            device,
            "no_sign",
            rules.sign_article,
            "add_sign",
            "no_sign",
            contact=_contact(device, prefer="owner"),
            fine=rules.fines.get("no_sign"),
            source=source.source,
            row=source.row,
        )


def _values(device: Device) -> dict[str, object]:
    return {name: device.value(name) for name in ("device_id", "district", "device_type", "status")}


def _code_mismatch(device: Device, context: _Context) -> Iterable[SurveyFinding]:
    """The device's GB/T 28181 code contradicts its record (district, kind of device)."""
    for mismatch in code_mismatches(_values(device), context.lookup):
        yield _finding(
            device,
            "code_mismatch",
            context.rules.filing_article,
            "correct_record",
            "code_mismatch",
            contact=_contact(device, prefer="owner"),
            field=mismatch.field,
            message=mismatch.message_en,
            message_zh=mismatch.message_zh,
        )


_CHECKS: tuple[Callable[[Device, _Context], Iterable[SurveyFinding]], ...] = (
    _unowned,
    _unregistered,
    _moved,
    _re_aimed,
    _not_connected,
    _code_mismatch,
    _no_sign,
)


def _duplicates(matching: Matching, rules: _Rules) -> Iterable[SurveyFinding]:
    by_key = {d.device_key: d for d in matching.devices}
    for dup in matching.duplicates:
        device = by_key[dup.device_key]
        yield _finding(
            device,
            "duplicate",
            rules.filing_article,
            "merge_records",
            "duplicate_code" if dup.reason == "device_id" else "duplicate_pole",
            contact=dup.source,
            source=dup.source,
            rows=", ".join(str(r) for r in dup.rows),
        )


# ---------------------------------------------------------------------------
# Rates
# ---------------------------------------------------------------------------


def intact_rates(
    matching: Matching,
    *,
    derelict: set[str],
    removed: set[str],
    required: float | None,
    article: str,
    offline: set[str] | None = None,
    reference: CitedValue | None = None,
    platform: bool = False,
    districts: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Intact (完好率), online (在线率) and connection (联网率) rates per group.

    Groups: owner, maintainer, district, and ``all``. Devices in ``removed``
    (filed but gone, or found dismantled) do not count. A device is intact
    unless a finding says it is broken, offline, blocked or abandoned. With a
    ``platform`` source: the online rate is the share of the devices the platform knows that are not
    offline; the connection rate the share of the devices that the platform
    knows. ``required``/``article``: the ruleset's own minimum (``basis`` =
    ``rule``); without one, ``reference`` (a figure another text sets, e.g.
    Harbin's 95 %) is shown for comparison (``basis`` = ``reference``): its
    article goes to the ``reference`` column, never to ``rule``.
    ``districts`` fills an empty district (device key → district from its code).
    Columns :data:`INTACT_COLUMNS`.
    """
    offline = offline or set()
    districts = districts or {}
    rows = []
    for device in matching.devices:
        key = device.device_key
        if key in removed:
            continue
        known = "platform" in device.roles
        rows.append(
            {
                "owner": _text(device.value("owner")) or NO_OWNER_NAME,
                "maintainer": _text(device.value("maintainer")) or NO_MAINTAINER_NAME,
                "district": _text(device.value("district"))
                or districts.get(key, "")
                or UNKNOWN_DISTRICT_NAME,
                "all": "",
                "intact": key not in derelict,
                "connected": known,
                "online": known and key not in offline,
            }
        )
    columns = ["owner", "maintainer", "district", "all", "intact", "connected", "online"]
    table = pd.DataFrame(rows, columns=columns)
    parts = []
    for group_by in ("all", "owner", "maintainer", "district"):
        grouped = (
            table.groupby(group_by, sort=True)
            .agg(
                size=("intact", "size"),
                intact=("intact", "sum"),
                connected=("connected", "sum"),
                online=("online", "sum"),
            )
            .reset_index()
        )
        parts.append(
            pd.DataFrame(
                {
                    "group_by": group_by,
                    "name": grouped[group_by].astype(str),
                    "devices": grouped["size"].astype(int),
                    "intact": grouped["intact"].astype(int),
                    "connected": grouped["connected"].astype(int),
                    "online": grouped["online"].astype(int),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    devices = out["devices"].where(out["devices"] > 0)
    out["rate"] = out["intact"] / devices
    figure = required if required is not None else (reference.value if reference else None)
    out["required"] = np.nan if figure is None else float(figure)
    out["meets"] = None if figure is None else (out["rate"] >= float(figure) - 1e-12)
    out["basis"] = "rule" if required is not None else ("reference" if reference else "none")
    out["rule"] = article if required is not None else ""
    out["reference"] = reference.article if (required is None and reference) else ""
    out["platform_devices"] = out["connected"]
    if platform:
        known = out["platform_devices"].where(out["platform_devices"] > 0)
        out["online_rate"] = out["online"] / known
        out["connection_rate"] = out["connected"] / devices
    else:
        out["online"] = out["connected"] = out["platform_devices"] = 0
        out["online_rate"] = out["connection_rate"] = np.nan
    return out[list(INTACT_COLUMNS)]


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def forbidden_devices(
    matching: Matching, places: object, *, articles: Mapping[str, str]
) -> dict[str, tuple[str, str, str]]:
    """Device key → ``(kind, category, article)`` for located devices in private places.

    ``kind`` is ``forbidden`` inside a private area drawn as such, ``review``
    inside a building that is private only by its use (check where inside).
    ``places`` is a :class:`planner.core.privacy.PrivatePlaces`; ``articles``
    maps a private category to its article (``ruleset.private_categories``).
    A device both in a drawn room and in a private building is forbidden.
    """
    from planner.core.privacy import placements_in_private_places

    located = [d for d in matching.devices if d.position is not None]
    if not located:
        return {}
    points = shapely.points(np.array([d.position for d in located], dtype=float))
    out: dict[str, tuple[str, str, str]] = {}
    for found in placements_in_private_places(points, places):  # type: ignore[arg-type]
        k, place, placement = found
        kind = "forbidden" if placement == "forbidden_placement" else "review"
        category = str(places.category[place])  # type: ignore[attr-defined]
        key = located[k].device_key
        if key not in out or (kind == "forbidden" and out[key][0] != "forbidden"):
            out[key] = (kind, category, articles.get(category, ""))
    return out


def work_list(survey: Survey, *, crs: object, language: str = "en") -> gpd.GeoDataFrame:
    """One row per finding, most urgent first: the cleanup work list (:data:`WORKLIST_COLUMNS`).

    ``geometry`` is the device position in ``crs`` (the project CRS), or None;
    ``detail`` is written in ``language`` (:func:`detail_text`). The codes in
    ``finding`` and ``action`` are the same in every language.
    """
    by_key = {d.device_key: d for d in survey.matching.devices}
    rows = []
    points = []
    for f in survey.findings:
        device = by_key[f.device_key]
        rows.append(
            {
                "device_id": _text(device.value("device_id")),
                "pole_no": _text(device.value("pole_no")),
                "finding": f.finding,
                "rule": f.rule,
                "action": f.action,
                "priority": f.priority,
                "sources": ";".join(device.sources),
                "device_key": f.device_key,
                "contact": f.contact,
                "detail": detail_text(f, language),
                "owner": _text(device.value("owner")),
                "maintainer": _text(device.value("maintainer")),
                "project_name": _text(device.value("project_name")),
                "district": survey.district(device),
                "address": _text(device.value("address")),
            }
        )
        points.append(None if device.position is None else shapely.Point(device.position))
    frame = pd.DataFrame(rows, columns=list(WORKLIST_COLUMNS))
    frame["priority"] = frame["priority"].astype(int)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, crs=crs), crs=crs)


def claim_text(value: object) -> str:
    """A claimed value as text: positions ``(x, y)`` to 0.1 m, dates ISO, signs yes/no."""
    if isinstance(value, tuple) and len(value) == 2:
        return f"({value[0]:.1f}, {value[1]:.1f})"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    return _text(value)


def _claims_text(claims: Sequence[Claim]) -> str:
    return "; ".join(f"{claim_text(c.value)} ({c.source} row {c.row})" for c in claims)


def conflicts_table(survey: Survey) -> pd.DataFrame:
    """Open and settled conflicts, one row each (:data:`CONFLICT_COLUMNS`)."""
    rows = []
    for device, conflict in survey.matching.conflicts:
        rows.append(
            {
                "device_key": device.device_key,
                "device_id": _text(device.value("device_id")),
                "field": conflict.field,
                "claims": _claims_text(conflict.claims),
                "detail": conflict.detail,
                "settled": False,
                "value": "",
            }
        )
    by_key = {d.device_key: d for d in survey.matching.devices}
    for s in survey.settled:
        known = by_key.get(s.device_key)
        rows.append(
            {
                "device_key": s.device_key,
                "device_id": _text(known.value("device_id")) if known else "",
                "field": s.field,
                "claims": "",
                "detail": s.note,
                "settled": True,
                "value": s.value,
            }
        )
    return pd.DataFrame(rows, columns=list(CONFLICT_COLUMNS))


def device_frames(survey: Survey, *, crs: object) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The reconciled registry: ``(devices, records)`` with provenance.

    ``devices`` has one row per device: its key, every merged field, the
    sources that know it, its findings and open conflicts, and its position.
    ``records`` has one row per input record: device key, source, role, row,
    what that record said about each field — which source said what — and
    where it put the device (its point; empty when the record had none). The
    records are enough to match and judge again (:func:`sources_from_records`).
    """
    findings: dict[str, list[str]] = {}
    for f in survey.findings:
        findings.setdefault(f.device_key, []).append(f.finding)
    dev_rows, dev_points, rec_rows, rec_points = [], [], [], []
    order = {name: k for k, name in enumerate(survey.matching.source_roles)}
    for device in survey.matching.devices:
        where = {(c.source, c.row): c.value for c in device.locations}
        row: dict[str, object] = {"device_key": device.device_key}
        row.update({name: _cell(device.value(name)) for name in FIELDS})
        row["sources"] = ";".join(device.sources)
        row["n_records"] = len(device.records)
        row["findings"] = ";".join(dict.fromkeys(findings.get(device.device_key, ())))
        row["conflicts"] = ";".join(c.field for c in device.conflicts)
        dev_rows.append(row)
        dev_points.append(None if device.position is None else shapely.Point(device.position))
        said: dict[tuple[str, int], dict[str, object]] = {}
        for name, claims in device.claims.items():
            for c in claims:
                said.setdefault((c.source, c.row), {})[name] = _cell(c.value)
        for ref in device.records:
            rec = {
                "device_key": device.device_key,
                "source": ref.source,
                "role": ref.role,
                "row": ref.row,
                "source_index": order.get(ref.source, len(order)),
            }
            rec.update({name: said.get((ref.source, ref.row), {}).get(name) for name in FIELDS})
            rec_rows.append(rec)
            point = where.get((ref.source, ref.row))
            rec_points.append(None if point is None else shapely.Point(point))
    dev_columns = ["device_key", *FIELDS, "sources", "n_records", "findings", "conflicts"]
    devices = gpd.GeoDataFrame(
        pd.DataFrame(dev_rows, columns=dev_columns),
        geometry=gpd.GeoSeries(dev_points, crs=crs),
        crs=crs,
    )
    rec_columns = ["device_key", "source", "role", "row", "source_index", *FIELDS]
    records = gpd.GeoDataFrame(
        pd.DataFrame(rec_rows, columns=rec_columns),
        geometry=gpd.GeoSeries(rec_points, crs=crs),
        crs=crs,
    )
    return devices, records


def sources_from_records(
    records: pd.DataFrame, source_roles: Mapping[str, str]
) -> tuple[SourceRecords, ...]:
    """The matcher's inputs back from :func:`device_frames`' records table.

    Matching them again gives the same devices, keys and conflicts as the run
    that wrote the table (records in source order, each source in row order),
    so a saved registry can be judged again — with new settlements, a new
    date — without the inventory files. ``source_roles`` (name → role, in
    input order) also names sources that had no records.
    """
    missing = {"source", "role", "row"} - set(records.columns)
    if missing:
        raise SurveyInputError(f"missing column(s) {', '.join(sorted(missing))}", field="records")
    frame = pd.DataFrame(records).copy()
    if isinstance(records, gpd.GeoDataFrame) and len(records):
        points = records.geometry.to_numpy()
        frame["x"], frame["y"] = shapely.get_x(points), shapely.get_y(points)
    else:
        frame["x"] = frame["y"] = np.nan
    roles = dict(source_roles)
    for source, role in zip(frame["source"], frame["role"], strict=True):
        roles.setdefault(str(source), str(role))
    out = []
    for name, role in roles.items():
        part = frame[frame["source"] == name].sort_values("row", kind="stable")
        columns = ["row", "x", "y", *(f for f in FIELDS if f in part.columns)]
        part = part[columns].reset_index(drop=True)
        part["row"] = part["row"].astype(int)
        if "has_sign" in part.columns:
            part["has_sign"] = [_as_bool(v) for v in part["has_sign"]]
        out.append(SourceRecords(name, role, part))
    return tuple(out)


def _cell(value: object) -> object:
    """A claim value as a GeoPackage-friendly cell: dates as ISO text, bools kept."""
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        day = as_date(value)
        return day.isoformat() if day else None
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if value is None:
        return None
    return str(value) if not isinstance(value, (int, float)) else value


def settlements_frame(settlements: Iterable[Settlement]) -> pd.DataFrame:
    """Settlements as a table (device_key, field, value, note, settled_on)."""
    return pd.DataFrame(
        [
            {
                "device_key": s.device_key,
                "field": s.field,
                "value": s.value,
                "note": s.note,
                "settled_on": s.settled_on.isoformat() if s.settled_on else None,
            }
            for s in settlements
        ],
        columns=["device_key", "field", "value", "note", "settled_on"],
    )


def settlements_from_frame(frame: pd.DataFrame) -> tuple[Settlement, ...]:
    """Settlements back from :func:`settlements_frame`'s table; bad rows raise naming the row."""
    out = []
    for k, row in enumerate(frame.to_dict("records")):
        key, name, value = (_text(row.get(c)) for c in ("device_key", "field", "value"))
        if not key or not name:
            raise SurveyInputError("settlement without device_key or field", row=k)
        out.append(
            Settlement(
                device_key=key,
                field=name,
                value=value,
                note=_text(row.get("note")),
                settled_on=as_date(row.get("settled_on")),
            )
        )
    return tuple(out)


__all__ = [
    "ACTIONS",
    "CONFLICT_COLUMNS",
    "FINDINGS",
    "INTACT_COLUMNS",
    "PRIORITY",
    "WORKLIST_COLUMNS",
    "Settlement",
    "Survey",
    "SurveyFinding",
    "SurveyInputError",
    "as_date",
    "claim_text",
    "conflicts_table",
    "detail_text",
    "device_frames",
    "forbidden_devices",
    "intact_rates",
    "settle",
    "settlements_frame",
    "settlements_from_frame",
    "sources_from_records",
    "status_class",
    "survey_findings",
    "work_list",
]
