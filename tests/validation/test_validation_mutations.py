"""Each rule fires at the right place, and a mutation causes exactly its consequences."""

from __future__ import annotations

import pytest
from validation_mutations import CASES
from validation_support import new_findings


@pytest.mark.parametrize(("mutate", "expected"), [(c[1], c[2]) for c in CASES],
                         ids=[c[0] for c in CASES])
def test_mutation_causes_exactly(pkg, mutate, expected):
    mutate(pkg)
    assert new_findings(pkg.root) == expected
