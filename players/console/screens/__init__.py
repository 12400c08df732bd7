"""The console's screens and modal dialogs, one a module."""
