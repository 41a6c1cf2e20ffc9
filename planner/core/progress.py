"""Progress reporting and cancellation for long computations (QGIS-processing style).

Core functions take an optional ``progress``; the window's worker thread turns
its reports into Qt signals and its Cancel button into ``cancelled``.
"""

from __future__ import annotations

from typing import Protocol

from planner.core.errors import CancelledError


class Progress(Protocol):
    """What a long computation may tell its caller and ask it."""

    def report(self, fraction: float, message: str = "") -> None:
        """Say how far the work is, 0 to 1."""
        ...

    @property
    def cancelled(self) -> bool:
        """Whether the caller asked to stop."""
        ...


class NoProgress:
    """Progress that listens to nothing and never cancels (the CLI and tests)."""

    def report(self, fraction: float, message: str = "") -> None:
        """Ignore the report."""

    @property
    def cancelled(self) -> bool:
        """Never cancelled."""
        return False


def check(progress: Progress, fraction: float, message: str = "") -> None:
    """Report ``fraction`` and raise :class:`CancelledError` if the caller asked to stop."""
    if progress.cancelled:
        raise CancelledError("cancelled")
    progress.report(fraction, message)
