import pytest
from django.http import Http404

from acompana.common.ids import MAX_ID, id_or_404


@pytest.mark.parametrize("value", ["0", "7", "0042", str(MAX_ID), 12])
def test_ascii_digits_up_to_the_largest_key_are_ids(value):
    assert id_or_404(value) == int(value)


@pytest.mark.parametrize("value", ["", "-1", "1.5", "²", "١٢", "1e3", " 7", str(MAX_ID + 1)])
def test_anything_else_is_not_found_rather_than_a_server_error(value):
    with pytest.raises(Http404):
        id_or_404(value)
