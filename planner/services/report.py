"""The compliance report, as ``planner report`` and the window's File → Report write it.

:func:`check_report` refuses a bad request before anything is computed;
:func:`write_report` gathers what the report says — the coverage already
computed, the privacy findings (computed here when not given), the survey
tables the project holds — and writes the PDF or HTML of
:mod:`planner.report.compliance`; :func:`run_report` writes it and appends
the ``export_log`` row (kind ``report``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import planner
from planner.core.errors import InputError
from planner.core.privacy import PrivacyReport
from planner.io.files import check_writable_target, refuse_input_as_output
from planner.io.fonts import find_cjk_font
from planner.report.compliance import ComplianceReport, build_report
from planner.report.compliance_html import write_report_html
from planner.report.compliance_pdf import write_report_pdf
from planner.services.export_log import check_loggable, current_user, log_export
from planner.services.privacy import check_privacy
from planner.services.project import OpenedProject

#: Suffixes ``-o`` takes.
REPORT_SUFFIXES = (".pdf", ".html", ".htm")
#: The kind of the report's export_log rows.
REPORT_KIND = "report"
#: The survey tables the report reads (planner.io.survey.REGISTRY_LAYERS).
SURVEY_FINDINGS = "survey_findings"
SURVEY_INTACT = "survey_intact"


@dataclass(frozen=True)
class ReportRequest:
    """What ``planner report`` (or File → Report) was asked to write."""

    output: Path
    language: str | None = None  # None → zh under a Chinese ruleset, else en
    public: bool = False
    purpose: str = ""
    font: str | None = None  # a CJK font file for the PDF; None: found on the system
    author: str | None = None  # None: the project's ``author`` metadata, else the OS user


def check_report(project_path: str | os.PathLike[str] | None, request: ReportRequest) -> None:
    """Raise :class:`InputError` for a request that cannot be written, before computing.

    ``project_path`` None: a project not saved yet (the window), nothing to log into.
    """
    suffix = request.output.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise InputError(
            f"the report is written as .pdf or .html, not {suffix or 'no suffix'!r}",
            file=str(request.output),
            field="--output",
        )
    if request.language not in (None, "en", "zh"):
        raise InputError(f"unknown language {request.language!r}; en or zh", field="--lang")
    if project_path is not None:
        check_loggable(project_path)
        refuse_input_as_output(request.output, [project_path], option="--output")
    check_writable_target(request.output, option="--output")
    if suffix == ".pdf":
        find_cjk_font(request.font)


def build(
    opened: OpenedProject,
    request: ReportRequest,
    *,
    project_file: str = "",
    privacy: PrivacyReport | None = None,
) -> ComplianceReport:
    """The report's content for ``opened`` (privacy checked here when not given)."""
    project, ruleset = opened.project, opened.ruleset
    if privacy is None:
        privacy = check_privacy(project, ruleset, state=opened.state)
    language = request.language or ("zh" if ruleset.is_chinese else "en")
    author = request.author or str(project.metadata.get("author") or "") or current_user()
    return build_report(
        project,
        opened.state,
        ruleset,
        language=language,
        public=request.public,
        privacy=privacy,
        survey_findings=project.extra_layers.get(SURVEY_FINDINGS),
        survey_intact=project.extra_layers.get(SURVEY_INTACT),
        project_file=project_file,
        author=author,
        date=dt.date.today(),
        version=planner.version(),
    )


def write_report(
    opened: OpenedProject,
    request: ReportRequest,
    *,
    project_file: str = "",
    privacy: PrivacyReport | None = None,
) -> Path:
    """Write the report of ``opened`` as ``request`` asks; return the file. Nothing is logged."""
    report = build(opened, request, project_file=project_file, privacy=privacy)
    if request.output.suffix.lower() == ".pdf":
        write_report_pdf(report, request.output, font=find_cjk_font(request.font))
    else:
        write_report_html(report, request.output)
    return request.output


def run_report(
    project_path: str | os.PathLike[str], opened: OpenedProject, request: ReportRequest
) -> Path:
    """Write the report of the project at ``project_path`` and log it in its export_log."""
    path = write_report(opened, request, project_file=str(project_path))
    log_export(
        project_path, kind=REPORT_KIND, path=path, purpose=request.purpose, public=request.public
    )
    return path
