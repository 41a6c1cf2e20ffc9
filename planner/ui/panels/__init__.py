"""Dock panels: layers, zone compliance, camera properties."""
