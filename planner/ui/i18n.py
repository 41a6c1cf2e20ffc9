"""Languages: Simplified Chinese and English, following the system locale, switchable.

Translations are Qt ``.qm`` files in the package, ``planner/translations`` (built
from the ``.ts`` sources by ``pyside6-lrelease``; package data of the wheel, read
with :mod:`importlib.resources`). English is the source language, so it needs no file.
"""

from __future__ import annotations

from contextlib import ExitStack
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

#: The package's translations (a :class:`pathlib.Path` when the package is on disk).
TRANSLATIONS: Traversable = files("planner") / "translations"
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
        # The .qm as a file for QTranslator.load: the file itself when the package is
        # on disk, a temporary copy (kept while its translator is installed) from a zip.
        self._files = ExitStack()
        self.language = "en"

    def install(self, language: str) -> bool:
        """Switch to ``language``; returns False when its file is missing (English stays).

        Qt's own translation (button boxes, file dialogs) is loaded too, from
        the files PySide6 ships.
        """
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators = []
        self._files.close()
        self.language = "en"
        if language == "en":
            return True
        resource = TRANSLATIONS / f"planner_{language}.qm"
        if not resource.is_file():
            return False
        ours = QTranslator(self._app)
        if not ours.load(str(self._files.enter_context(as_file(resource)))):
            self._files.close()
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
