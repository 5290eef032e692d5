"""API clients signed in with a token, and a few builders the API tests share."""

from acompana.api.testing import BASE, api, api_as, competencies

__all__ = ["BASE", "api", "api_as", "competencies"]
