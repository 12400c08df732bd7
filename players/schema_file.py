"""The scenario format's JSON Schema on this machine, and how a written scenario points at it.

A scenario file's first line, `# yaml-language-server: $schema=...`, lets an editor complete
and check it. The reference must be one the editor can resolve: a relative path when the file
is written inside the checkout that holds the schema (it survives moving the checkout), the
schema's absolute path when written elsewhere, and no line at all when this installation has no
schema file (a made-up address is worse than none).
"""

from __future__ import annotations

import os
from pathlib import Path

SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "scenario.schema.json"
"""The committed schema (`wargame schema` prints the same text)."""


def schema_reference(folder: Path, schema: Path = SCHEMA) -> str | None:
    """The `$schema` reference for a scenario file written into `folder`, or None for none."""
    if not schema.is_file():
        return None
    checkout = schema.parents[1]
    target = folder.resolve()
    if target.is_relative_to(checkout):
        return Path(os.path.relpath(schema, target)).as_posix()
    return schema.as_posix()
