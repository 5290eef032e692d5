from acompana.api.testing import api, api_as, competencies

__all__ = ["api", "api_as", "competencies"]
