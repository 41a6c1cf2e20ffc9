"""Typed errors raised by the engine; each names what it is about."""

from __future__ import annotations


class PlannerError(Exception):
    """Base of every error the product raises on purpose (bad input, bad state)."""


class InputError(PlannerError):
    """Bad user input: the message names the file, layer, row and field when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        layer: str | None = None,
        row: object | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.layer = layer
        self.row = row
        self.field = field
        self.detail = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file is not None:
            where.append(f"file {self.file}")
        if self.layer is not None:
            where.append(f"layer '{self.layer}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.detail}" if where else self.detail

    def located(self, *, file: str | None = None, layer: str | None = None) -> InputError:
        """Return a copy that also names the file and/or layer it came from."""
        error = type(self)(
            self.detail,
            file=file if file is not None else self.file,
            layer=layer if layer is not None else self.layer,
            row=self.row,
            field=self.field,
        )
        return error


class CrsError(InputError):
    """A layer has no CRS, a geographic CRS where a metric one is needed, or CRSs differ."""


class RulesetError(InputError):
    """A ruleset file is malformed; the message names the bad key."""


class CameraError(InputError):
    """A camera row is unusable; the message names its camera_id."""


class ZoneError(InputError):
    """A zone row is unusable; the message names its zone_id."""


class OsmError(InputError):
    """An OpenStreetMap file cannot be read or holds nothing usable."""


class CancelledError(PlannerError):
    """The user cancelled a long computation."""


class FileChangedError(InputError):
    """The file was changed by another program since it was read; saving would lose that.

    Raised by :func:`planner.io.project.write_project` instead of writing; the
    window offers to reload or save under another name, a command exits with 2.
    """
