"""Property-based fuzzing of the OpenAPI spec with schemathesis: no 5xx, every response as the spec says.

Hypothesis drives schemathesis' strategies directly (its pytest plugin does not run on pytest 9.2 here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from app.core.config import Settings
from app.main import create_app

EXAMPLES = 150  # per operation and per mode: valid requests and requests that break the schema


@pytest.fixture(scope="module")
def operations(settings: Settings, current_index: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    # An app of its own: schemathesis runs (and ends) the lifespan of the app it is given.
    local = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("fuzz"), "rate_limit": "off"})
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(local))
    return [result.ok() for result in schema.get_all_operations()]


# The OpenAI request's rule "the last message is a user message with text" cannot be said in JSON Schema, so a
# schema-valid request may rightly get a 400 there; every other check still runs on it.
NOT_EXPRESSIBLE = {"/v1/chat/completions": [checks.positive_data_acceptance]}


def _fuzz(operation: Any, mode: GenerationMode) -> list[int]:
    seen: list[int] = []
    excluded = NOT_EXPRESSIBLE.get(operation.path, [])

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        response = case.call()
        seen.append(response.status_code)
        assert response.status_code < 500, (case.method, case.path, case.body, response.text[:300])
        # 413 is a rejection too (the body is over MAX_BODY_BYTES), one schemathesis does not list.
        too_large = [checks.negative_data_rejection] if response.status_code == 413 else []
        case.validate_response(response, excluded_checks=excluded + too_large)

    try:
        check()
    except Unsatisfiable:  # nothing to break in an operation without parameters or body
        assert mode == GenerationMode.NEGATIVE
    return seen


def test_generated_requests_get_no_5xx_and_match_the_spec(operations: list[Any]) -> None:
    statuses: dict[str, list[int]] = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            statuses[f"{operation.label} {mode.value}"] = _fuzz(operation, mode)
    total = sum(len(codes) for codes in statuses.values())
    print(f"\nfuzz: {total} generated requests, 0 server errors; per operation and mode:")
    for label, codes in statuses.items():
        print(f"  {label}: {len(codes)} requests, statuses {sorted(set(codes))}")
    assert total >= 1000
