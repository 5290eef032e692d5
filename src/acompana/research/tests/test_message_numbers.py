"""Sizes in refusal messages are numbers in the reader's language (5,5 MB in Spanish)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from acompana.research.text_extract import MAX_UPLOAD_BYTES, extract_text

TOO_LARGE = b"a" * (MAX_UPLOAD_BYTES + 512 * 1024)  # 5.5 MB


@pytest.mark.parametrize(("language", "size"), [("es", "5,5"), ("en", "5.5")])
def test_the_size_of_a_refused_file_is_written_in_the_readers_language(language, size):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        extract_text(data=TOO_LARGE, filename="notas.txt")
    assert f"({size} MB)" in refused.value.messages[0]
