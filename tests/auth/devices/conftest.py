from __future__ import annotations

import pytest

from tests.auth.devices.support import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
