"""What the survey import wizard hands to the survey controller.

Its own module so that the wizard (:mod:`planner.ui.controllers.survey_wizard`)
and the controller (:mod:`planner.ui.controllers.survey`), which opens the
wizard, do not import each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.io.survey import SourceSpec

#: Default distance (metres) within which records of two sources may be one device.
DEFAULT_MAX_DISTANCE_M = 15.0


@dataclass(frozen=True)
class SurveyOptions:
    """What the import wizard asked for: the inventories, the survey date, the match distance."""

    specs: tuple[SourceSpec, ...]
    as_of: dt.date
    max_distance_m: float = DEFAULT_MAX_DISTANCE_M
    language: str = "en"  # of the findings' details stored in the registry
