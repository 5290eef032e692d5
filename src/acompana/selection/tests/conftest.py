"""Fixtures of this app's tests: the API clients, and a training plan and session (the API
tests check that every selection and training endpoint refuses an anonymous caller)."""

from acompana.training.tests.test_apis import plan, session  # noqa: F401  (fixtures)
