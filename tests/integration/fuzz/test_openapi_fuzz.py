"""schemathesis against every service's own OpenAPI document: no server error, and every answer as documented."""

from __future__ import annotations

from collections.abc import Callable

import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

Bearer = Callable[..., dict[str, str]]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# The few operations 西店镇's clerk may not call, fuzzed as the user whose work they are.
CALLERS = {
    "POST /diary-entries": "xidian.liaison",
    "POST /petitions/{petition_id}/instructions": "xidian.leader",
}
# Training is the trainers' work; 我的学时 the cadre's own.
TRAINER_PATHS = ("/training-", "/cadres", "/sign-in-sheet-template.xlsx")


def caller_of(label: str) -> str | None:
    path = label.split(" ", 1)[1]
    if label in CALLERS:
        return CALLERS[label]
    return "xidian.trainer" if path.startswith(TRAINER_PATHS) else None


# The public query page counts wrong codes per client: the fuzzer's many are its own, not every local caller's.
FUZZER_ADDRESS = {"X-Forwarded-For": "192.0.2.250"}
# Examples per operation, valid and invalid mixed, random ids and real ones: the whole run stays within a few
# minutes on two busy cores.
MAX_EXAMPLES = 20
FUZZ_SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    print_blob=True,
)


def test_no_server_error_and_every_answer_is_documented(
    api_schema: schemathesis.BaseSchema,
    bearer: Bearer,
    known_ids: dict[str, str],
    subtests: pytest.Subtests,
) -> None:
    for result in api_schema.get_all_operations():
        operation = result.ok()
        with subtests.test(msg=operation.label):
            fuzz(operation, bearer, known_ids)


def fuzz(
    operation: schemathesis.APIOperation, bearer: Bearer, known_ids: dict[str, str] | None = None
) -> None:
    cases = st.one_of(*(operation.as_strategy(mode) for mode in schemathesis.GenerationMode))
    names = [p.name for p in operation.path_parameters]
    if known_ids and names and all(name in known_ids for name in names):
        real = {name: known_ids[name] for name in names}
        cases = st.one_of(
            cases, operation.as_strategy(schemathesis.GenerationMode.POSITIVE, path_parameters=real)
        )

    caller = [caller_of(operation.label)] if caller_of(operation.label) else []

    @FUZZ_SETTINGS
    @hypothesis.given(case=cases)
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={**bearer(*caller), **FUZZER_ADDRESS}, checks=CHECKS)

    call()
