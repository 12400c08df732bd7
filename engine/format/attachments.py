"""Attachments: every file an inject attaches is in the scenario's folder, and of a kind shown.

A path is relative to the folder of the scenario file; one that is absolute, or that leaves
the folder (`../`, or a link pointing out), is refused, as is a missing file or a kind the
players' screens cannot show.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from engine.format.model import Scenario
from engine.format.problems import Problem
from engine.format.source_map import SourceMap

KINDS = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}
"""The kinds of file an inject may attach, by suffix, with their MIME types."""


def attachment_path(folder: Path, file: str) -> Path | str:
    """The attachment's resolved path inside `folder`, or why it cannot be used."""
    if Path(file).is_absolute() or file.startswith(("/", "\\")) or PurePosixPath(file).drive:
        return f"attachment '{file}' must be a path relative to the scenario's folder"
    suffix = Path(file).suffix.lower()
    if suffix not in KINDS:
        return f"attachment '{file}' is not one of {', '.join(KINDS)}"
    root = folder.resolve()
    target = (folder / file).resolve()
    if not target.is_relative_to(root):
        return f"attachment '{file}' is outside the scenario's folder"
    if not target.is_file():
        return f"attachment '{file}': no such file"
    return target


def check_attachments(scenario: Scenario, folder: Path, positions: SourceMap) -> list[Problem]:
    """A problem for each attachment that is not a file of a shown kind inside `folder`."""
    problems: list[Problem] = []
    for index, inject in enumerate(scenario.injects):
        for k, attachment in enumerate(inject.attachments):
            found = attachment_path(folder, attachment.file)
            if isinstance(found, str):
                at = positions.position_of(("injects", index, "attachments", k, "file"))
                problems.append(Problem.at(at, found))
    return problems
