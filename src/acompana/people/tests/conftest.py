"""Fixtures of this app's tests."""

from acompana.api.testing import api, api_as, competencies  # noqa: F401  (fixtures of the API tests)
