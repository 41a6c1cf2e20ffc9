"""Writing the project's offline web map, as ``planner export --web`` and the window do.

:func:`write_web_map` gathers what the page shows — the coverage already
computed, the privacy findings (computed here when not given) and the survey
registry's findings when the project holds one — and writes the page of
:mod:`planner.report.web_map`.
"""

from __future__ import annotations

from pathlib import Path

from planner.core.privacy import PrivacyReport
from planner.report.web_map import web_map_html, write_web_map_file
from planner.services.privacy import check_privacy
from planner.services.project import OpenedProject

#: The registry table whose rows the survey layer shows (planner.io.survey.REGISTRY_LAYERS).
SURVEY_FINDINGS = "survey_findings"


def write_web_map(
    path: Path,
    opened: OpenedProject,
    *,
    public: bool = False,
    tiles: str | None = None,
    language: str = "en",
    privacy: PrivacyReport | None = None,
) -> Path:
    """Write the web map of ``opened`` to ``path`` (one self-contained HTML file); return it.

    ``public`` leaves out everything that locates or names a camera; ``tiles``
    is an online basemap's URL template (none by default: the page works
    offline); ``language`` is ``en`` or ``zh``.
    """
    project = opened.project
    if not public and privacy is None:
        privacy = check_privacy(project, opened.ruleset, state=opened.state)
    page = web_map_html(
        project,
        opened.state,
        public=public,
        tiles=tiles,
        language=language,
        privacy=None if public else privacy,
        survey_findings=None if public else project.extra_layers.get(SURVEY_FINDINGS),
    )
    write_web_map_file(path, page)
    return Path(path)
