"""`msel import --into`: a planner's edits to an exported MSEL, written back into the scenario.

The MSEL sheet of an export (perhaps edited) is compared with the scenario it came from,
inject by inject (by id): injects retimed or reworded are changed field by field, injects
added are appended, injects deleted from the sheet are removed. The edits are made in the
scenario's own YAML files with ruamel.yaml's round-trip mode, so comments, key order and
`include:` files stay as the author wrote them; only the keys that changed are touched.
What the MSEL sheet cannot carry (decisions, and every other section) stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from engine.format.model import Inject, Scenario
from engine.format.problems import Problem
from engine.msel.scenario_sheets import MSEL, Places, from_workbook
from engine.msel.sheets import Workbook


@dataclass
class Changes:
    """What the sheet changes: per inject id, the keys changed; the ids added and removed."""

    changed: dict[str, list[str]] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def lines(self) -> list[str]:
        """What changed, one line each, for the terminal."""
        return (
            [f"changed {inject}: {', '.join(keys)}" for inject, keys in self.changed.items()]
            + [f"added {inject}" for inject in self.added]
            + [f"removed {inject}" for inject in self.removed]
        )


def _plain(inject: Inject) -> dict[str, Any]:
    return inject.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def sheet_injects(
    workbook: Workbook,
) -> tuple[list[dict[str, Any]], list[str], Places, list[Problem]]:
    """The MSEL sheet's injects (without decisions), the keys it carries, places and problems."""
    msel = workbook.get(MSEL)
    only = Workbook([msel] if msel is not None else [], workbook.title)
    data, places, problems = from_workbook(only)
    carried = {key for inject in data.get("injects", []) for key in inject}
    from engine.msel.columns import MSEL_COLUMNS

    named = {c.header.lower(): c.field for c in MSEL_COLUMNS if c.field}
    headers = msel.header if msel is not None else []
    keys = [named.get(h.lower()) or h for h in headers if (named.get(h.lower()) or h) in _KEYS]
    return data.get("injects", []), sorted(set(keys) | carried), places, problems


_KEYS = {info.alias or name for name, info in Inject.model_fields.items()} - {"decision"}


def updated(
    scenario: Scenario, rows: list[dict[str, Any]], keys: list[str]
) -> tuple[dict[str, Any], Changes]:
    """The scenario data with the sheet's injects, and what that changes.

    Keys the sheet carries take the sheet's value (a blank cell: the default); other keys, and
    each inject's decision, keep the scenario's.
    """
    old = {inject.id: _plain(inject) for inject in scenario.injects}
    changes = Changes()
    merged: list[dict[str, Any]] = []
    for row in rows:
        inject_id = row.get("id")
        before = old.get(inject_id) if isinstance(inject_id, str) else None
        if before is None:
            merged.append(row)
            changes.added.append(str(inject_id))
            continue
        after = {k: v for k, v in before.items() if k not in keys}
        after.update(row)
        differ = [k for k in keys if before.get(k) != after.get(k)]
        if differ:
            changes.changed[str(inject_id)] = differ
        merged.append(after)
    kept = {row.get("id") for row in rows}
    changes.removed = [i for i in old if i not in kept]
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["injects"] = merged
    return data, changes


def edit_files(files: list[Path], new: Scenario, changes: Changes) -> dict[Path, str]:
    """The new text of each scenario file the changes touch (comments and order kept)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the edit did not touch
    yaml.indent(mapping=2, sequence=4, offset=2)
    by_id = {inject.id: _plain(inject) for inject in new.injects}
    texts: dict[Path, str] = {}
    last_file: Path | None = None
    for path in files:
        document = yaml.load(path.read_text(encoding="utf-8"))
        injects = document.get("injects") if hasattr(document, "get") else None
        if injects is None:
            continue
        last_file = path
        touched = False
        for index in range(len(injects) - 1, -1, -1):
            item = injects[index]
            inject_id = item.get("id")
            if inject_id in changes.removed:
                del injects[index]
                touched = True
            elif inject_id in changes.changed:
                wanted = by_id[inject_id]
                for key in changes.changed[inject_id]:
                    if key in wanted:
                        item[key] = _ruamel(wanted[key])
                    elif key in item:
                        del item[key]
                touched = True
        if touched:
            texts[path] = _dump(yaml, document)
    if changes.added:
        target = last_file or files[0]
        document = yaml.load(texts.get(target) or target.read_text(encoding="utf-8"))
        if document.get("injects") is None:
            document["injects"] = []
        for inject_id in changes.added:
            document["injects"].append(_ruamel(by_id[inject_id]))
        texts[target] = _dump(yaml, document)
    return texts


def _ruamel(value: Any) -> Any:
    """Plain data with multi-line texts as `|` blocks, as authors write them."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, dict):
        return {k: _ruamel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_ruamel(v) for v in value]
    return value


def _dump(yaml: Any, document: Any) -> str:
    out = StringIO()
    yaml.dump(document, out)
    return out.getvalue()
