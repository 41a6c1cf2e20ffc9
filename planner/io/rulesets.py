"""Finding and reading ruleset files (``planner/rulesets/*.toml``).

A bare name such as ``"qingdao"`` means a shipped ruleset, read from the
installed package with :mod:`importlib.resources` (so it works from a wheel, a
zip or a frozen app, not only from a clone); anything that looks like a path is
read as given, so a user can try a new city's file before it is shipped.
Validation is done by :func:`planner.core.rulesets.ruleset_from_mapping`;
this module only turns file and TOML problems into :class:`RulesetError`.
"""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from planner.core.errors import RulesetError
from planner.core.rulesets import IDENTIFIER, Ruleset, ruleset_from_mapping

#: Where the shipped rulesets live: ``rulesets/`` inside the ``planner`` package (package
#: data of the wheel). A :class:`pathlib.Path` when the package is on disk.
RULESET_DIR: Traversable = files("planner") / "rulesets"

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def available_rulesets() -> list[str]:
    """Names of the shipped rulesets (file stems), sorted, for menus and ``--ruleset`` help."""
    if not RULESET_DIR.is_dir():
        return []
    names = (entry.name for entry in RULESET_DIR.iterdir() if entry.is_file())
    stems = (name.removesuffix(".toml") for name in names if name.endswith(".toml"))
    return sorted(stem for stem in stems if IDENTIFIER.match(stem))


def ruleset_path(name_or_path: str) -> Traversable:
    """File a ruleset name or path refers to; a bare identifier means a shipped ruleset.

    A shipped ruleset is a resource of the package (a :class:`pathlib.Path` when the
    package is on disk); anything else is a :class:`pathlib.Path` as given.
    """
    if IDENTIFIER.match(name_or_path):
        return RULESET_DIR / f"{name_or_path}.toml"
    return Path(name_or_path).expanduser()


def load_ruleset(name_or_path: str) -> Ruleset:
    """Read and validate a ruleset by shipped name (``"qingdao"``) or by file path.

    Raises :class:`RulesetError` naming the file — and the line for TOML syntax
    errors, the dotted key for content errors — so the author of a city file can
    fix it without reading code.
    """
    path = ruleset_path(name_or_path)
    if not path.is_file():
        known = ", ".join(available_rulesets()) or "none"
        raise RulesetError(
            f"no ruleset file here (shipped rulesets: {known})",
            file=str(path),
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise RulesetError(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise RulesetError(
            f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", file=str(path)
        ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(_syntax_message(exc, text), file=str(path)) from exc
    return ruleset_from_mapping(data, source=str(path))


def _syntax_message(exc: tomllib.TOMLDecodeError, text: str) -> str:
    """``TOML syntax error at line N: …``; Python 3.11 only puts the line in the message."""
    message = str(exc)
    match = _TOML_POSITION.search(message)
    if match:
        line = int(match.group(1))
        detail = message[: match.start()].strip()
        return f"TOML syntax error at line {line}, column {match.group(2)}: {detail}"
    line = text.count("\n") + (0 if text.endswith("\n") else 1)
    detail = message.replace("(at end of document)", "").strip()
    return f"TOML syntax error at line {line} (end of file): {detail}"
