"""Languages: Simplified Chinese and English, following the system locale, switchable.

Translations are Qt ``.qm`` files under ``resources/translations`` (built from
the ``.ts`` sources by ``pyside6-lrelease``). English is the source language,
so it needs no file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

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
        self._translator: QTranslator | None = None
        self.language = "en"

    def install(self, language: str) -> bool:
        """Switch to ``language``; returns False when its file is missing (English stays)."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        self.language = "en"
        if language != "en":
            translator = QTranslator(self._app)
            if not translator.load(str(TRANSLATIONS / f"planner_{language}.qm")):
                return False
            self._app.installTranslator(translator)
            self._translator = translator
            self.language = language
        return True

    def choose(self, language: str) -> bool:
        """Remember ``language`` for the next start and switch to it now."""
        self._settings.setValue(_SETTING, language)
        return self.install(language)
