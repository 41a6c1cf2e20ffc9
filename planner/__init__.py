"""Coverage Planner: plan and audit public video-surveillance camera coverage."""

__version__ = "0.1.0"
