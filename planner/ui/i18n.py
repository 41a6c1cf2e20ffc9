"""Languages: Simplified Chinese and English, following the system locale, switchable.

Translations are Qt ``.qm`` files under ``resources/translations`` (built from
the ``.ts`` sources by ``pyside6-lrelease``). English is the source language,
so it needs no file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

import planner

TRANSLATIONS = Path(planner.__file__).resolve().parents[1] / "resources" / "translations"
#: Language code → name shown in the Language menu (each in its own language).
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_SETTING = "ui/language"


def preferred_language(settings: QSettings) -> str:
    """The language the user chose, else the system's (Chinese locales → zh_CN), else English."""
    chosen = settings.value(_SETTING, "", type=str)
    if chosen in LANGUAGES:
        return chosen
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


class Translations:
    """Installs and swaps the application's translator."""

    def __init__(self, app: QCoreApplication, settings: QSettings) -> None:
        self._app = app
        self._settings = settings
        self._translators: list[QTranslator] = []
        self.language = "en"

    def install(self, language: str) -> bool:
        """Switch to ``language``; returns False when its file is missing (English stays).

        Qt's own translation (button boxes, file dialogs) is loaded too, from
        the files PySide6 ships.
        """
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators = []
        self.language = "en"
        if language == "en":
            return True
        ours = QTranslator(self._app)
        if not ours.load(str(TRANSLATIONS / f"planner_{language}.qm")):
            return False
        qt_own = QTranslator(self._app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates = [qt_own] if qt_own.load(f"qtbase_{language}", qt_dir) else []
        for translator in (ours, *candidates):
            self._app.installTranslator(translator)
            self._translators.append(translator)
        self.language = language
        return True

    def choose(self, language: str) -> bool:
        """Remember ``language`` for the next start and switch to it now."""
        self._settings.setValue(_SETTING, language)
        return self.install(language)
