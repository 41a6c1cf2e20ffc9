"""Guard against a PySide6 release that leaks references to None (6.12.0 on Python 3.11).

That bug aborts the interpreter after a few thousand painter calls, i.e. a
few seconds of panning; pyproject.toml pins below it and this test keeps the pin honest.
"""

import sys

from PySide6.QtGui import QPainterPath


def test_void_qt_calls_keep_the_reference_count_of_none() -> None:
    path = QPainterPath()
    before = sys.getrefcount(None)
    for k in range(2000):
        path.lineTo(float(k), float(k))
    assert abs(sys.getrefcount(None) - before) < 50
