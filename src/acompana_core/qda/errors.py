"""The two errors of the exchange core: a file that cannot be imported, a project that cannot
be exported."""

from __future__ import annotations

from collections.abc import Sequence


class QdaImportError(ValueError):
    """The file is not a usable REFI-QDA project or codebook; nothing was imported.

    The message says what is wrong in words a researcher can act on (and names the element).
    """


class QdaExportError(ValueError):
    """The project cannot be written as valid REFI-QDA; nothing was written.

    ``problems`` lists every issue found (an unknown code in a coding, an offset outside the
    text, ...), so that a caller can fix them all at once.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        shown = "; ".join(self.problems[:10])
        more = f" (and {len(self.problems) - 10} more)" if len(self.problems) > 10 else ""
        super().__init__(f"cannot export as REFI-QDA: {shown}{more}")
