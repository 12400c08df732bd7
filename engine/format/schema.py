"""The JSON Schema of the scenario format, generated from the models (committed in `schema/`)."""

from __future__ import annotations

import json
from typing import Any

from engine.format.model import FORMAT_VERSION, Scenario

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"urn:wargame:scenario-format:{FORMAT_VERSION}"


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to complete and check scenario files."""
    schema = Scenario.model_json_schema(by_alias=True)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        **schema,
        "title": f"wargame scenario (format {FORMAT_VERSION})",
    }


def schema_text() -> str:
    """The schema as committed: 2-space indent, sorted keys, a trailing newline."""
    return json.dumps(scenario_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
