"""A scenario model written back as YAML an author can read and edit.

Keys in the models' order, defaults left out, multi-line texts as `|` blocks, and the
`yaml-language-server` line first so editors find the JSON Schema. Loading the text gives an
equal model (comments and includes are not kept: the scenario is one file).
"""

from __future__ import annotations

from typing import Any

import yaml

from engine.format.model import Scenario

SCHEMA_LINE = "# yaml-language-server: $schema={schema}\n"


class _Dumper(yaml.SafeDumper):
    """Safe YAML with block scalars for multi-line text."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and not value.startswith((" ", "\t")) and "\t" not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)


def scenario_yaml(scenario: Scenario, schema: str = "") -> str:
    """The YAML text of `scenario` (with the schema line when `schema` is given)."""
    data: dict[str, Any] = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data.pop("include", None)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return (SCHEMA_LINE.format(schema=schema) if schema else "") + text
