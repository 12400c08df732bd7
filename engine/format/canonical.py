"""A scenario's canonical form and content hash: what journals embed and caches are keyed by."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from engine.format.model import Scenario


def canonical_form(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain JSON data, with every default spelled out."""
    return scenario.model_dump(mode="json", by_alias=True)


def canonical_json(data: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(scenario: Scenario) -> str:
    """The SHA-256 of the scenario's canonical JSON, as hex."""
    return hashlib.sha256(canonical_json(canonical_form(scenario)).encode()).hexdigest()
