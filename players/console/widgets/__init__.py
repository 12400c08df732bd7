"""The console's widgets, one a module."""
