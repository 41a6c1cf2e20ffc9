"""Reading camera catalogues: the shipped one (``planner/catalogue/cameras.toml``) or a user's."""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path

from planner.core.catalogue import Catalogue, catalogue_from_mapping
from planner.core.errors import InputError

#: The catalogue shipped with the package.
SHIPPED = "cameras.toml"


def load_catalogue(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """The catalogue at ``path``, or the shipped one; :class:`InputError` naming the file."""
    if path is None:
        resource = resources.files("planner") / "catalogue" / SHIPPED
        text = resource.read_text(encoding="utf-8")
        source = f"planner/catalogue/{SHIPPED}"
    else:
        file = Path(path)
        source = str(file)
        if not file.is_file():
            raise InputError("catalogue file does not exist", file=source, field="--catalogue")
        try:
            text = file.read_bytes().decode("utf-8")
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror or exc}", file=source) from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {exc.start})", file=source) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"TOML syntax error: {exc}", file=source) from None
    return catalogue_from_mapping(data, source=source)
