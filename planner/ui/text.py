"""Filling translated texts: Qt-style ``%1``, ``%2``… placeholders in one pass."""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"%(\d+)")


def tr_format(template: str, *args: object) -> str:
    """``template`` with ``%1``, ``%2``… replaced by ``str()`` of the matching argument.

    Every placeholder is filled in one pass, so an argument containing ``%2`` is never
    filled again. A placeholder without an argument (``%3`` with two arguments, or ``%0``)
    stays as it is; ``%`` followed by anything but a digit is left alone. Like
    ``QString::arg``, the longest run of digits counts: ``%12`` is the twelfth argument.
    """

    def fill(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if 1 <= number <= len(args):
            return str(args[number - 1])
        return match.group(0)

    return _PLACEHOLDER.sub(fill, template)
