"""The desktop window (PySide6). Thin: it displays the document and turns gestures into calls on core."""
