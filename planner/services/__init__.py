"""Services: what the CLI and the window both do, orchestrating planner.io and planner.core."""
