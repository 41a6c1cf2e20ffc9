"""Comparison forms of device codes, pole numbers and project names.

Inventories spell the same code in full-width digits, with spaces or dashes, in
lower case; matching compares these normalised forms. GB/T 28181 device codes
are 20 digits.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata

# whitespace and every kind of dash (hyphen, en/em dash, minus sign)
_CODE_DROP = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def normalise_code(text: object) -> str:
    """Comparison form of a device code, pole number or project name.

    NFKC (full-width → half-width), whitespace and dashes of every kind removed,
    upper case; None and empty cells give ``""``. Integers are written out in
    full; integral floats too, but note that a 20-digit code stored as a float
    has already lost its last digits, so read code columns as text.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    integral = isinstance(text, numbers.Real) and not isinstance(text, bool)
    if integral and float(text).is_integer():
        text = int(text)
    return _CODE_DROP.sub("", unicodedata.normalize("NFKC", str(text))).upper()


def is_gb28181_code(text: object) -> bool:
    """True if the normalised text is a GB/T 28181 device code: exactly 20 ASCII digits."""
    code = normalise_code(text)
    return len(code) == 20 and code.isascii() and code.isdigit()
