"""Reports: coverage tables (text, JSON, CSV) and, later, web maps."""
