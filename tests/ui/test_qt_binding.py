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


def test_signal_emits_keep_the_reference_count_of_true() -> None:
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        changed = Signal(bool)

    emitter = Emitter()
    received = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emitter.changed.emit(True)
    assert len(received) == 2000
    if sys.version_info >= (3, 12):
        # True is immortal from Python 3.12 (PEP 683): its count never moves, so a leak
        # cannot show there, and cannot abort the interpreter either
        return
    assert abs(sys.getrefcount(True) - before - 2000) < 50  # only the list's references
