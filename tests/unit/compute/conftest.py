"""The API fixtures, for tests that follow a request into a driver."""

from tests.unit.api.conftest import api  # noqa: F401
from tests.unit.api.conftest import taskmanager  # noqa: F401
