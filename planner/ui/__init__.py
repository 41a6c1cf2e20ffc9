"""The desktop window (PySide6): it displays the document and turns gestures into core calls."""
