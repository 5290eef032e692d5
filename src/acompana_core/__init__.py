"""Acompaña's Django-free core: matching, scoring and exchange formats.

Nothing under this package may import Django; ``tests/test_django_free.py`` enforces it.
"""
