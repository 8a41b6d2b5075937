"""Fixtures of the batch tests: each single-machine backend (PySpark's session is the suite's
``spark`` fixture)."""

from __future__ import annotations

import pytest

from frames import BATCH_BACKENDS, Convert


@pytest.fixture(params=sorted(BATCH_BACKENDS))
def backend(request: pytest.FixtureRequest) -> Convert:
    """Each single-machine backend in turn."""
    return BATCH_BACKENDS[request.param]
