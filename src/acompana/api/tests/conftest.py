"""The API tests share token-signed clients and builders through acompana.api.testing (a
plugin of the root conftest)."""
