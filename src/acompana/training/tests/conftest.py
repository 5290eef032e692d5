"""Fixtures of this app's tests."""

from acompana.api.testing import api, api_as  # noqa: F401  (fixtures of the API tests)
