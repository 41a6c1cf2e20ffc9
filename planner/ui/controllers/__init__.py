"""Controllers: the logic behind menus and dialogs (files, import, autosave)."""
