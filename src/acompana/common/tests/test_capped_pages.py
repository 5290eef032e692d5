"""Capped pages and counts: the same rows as Django's paginator, and counts that stop early."""

import pytest
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q

from acompana.accounts.models import User
from acompana.accounts.tests.factories import UserFactory
from acompana.common.counting import capped_count
from acompana.common.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    for n in range(7):
        UserFactory(email=f"p{n}@example.org", last_name=f"L{n % 3}", is_active=n != 4)
    return User.objects.filter(Q(email__startswith="p"), is_active=True).order_by(
        "last_name", "-email"
    )


def test_pages_read_by_id_hold_the_same_rows_in_the_same_order(people, django_assert_num_queries):
    plain = Paginator(people, 2)
    by_id = CappedPaginator(people.select_related(), 2, by_id=True)

    assert by_id.count == plain.count == 6
    for number in plain.page_range:
        with django_assert_num_queries(1):
            rows = list(by_id.page(number))
        assert rows == list(plain.page(number))


def test_a_capped_list_counts_up_to_its_cap_and_says_it_goes_on(people):
    pages = CappedPaginator(people, 2, cap=3, by_id=True)

    assert pages.count == 3 and pages.capped
    assert [list(pages.page(n)) for n in pages.page_range] == [list(people[:2]), list(people[2:3])]


def test_a_capped_count_is_exact_below_its_cap_and_more_above(people):
    exact, capped = capped_count(people, 6), capped_count(people, 5)

    assert (exact.value, exact.more) == (6, False)
    assert (capped.value, capped.more) == (5, True)
    assert not capped_count(people.filter(email="nobody"), 5)


def test_a_capped_count_of_annotated_rows_counts_the_rows(people, django_assert_num_queries):
    annotated = people.annotate(invited=Exists(User.objects.filter(pk=OuterRef("pk"))))

    with django_assert_num_queries(1) as captured:
        assert CappedPaginator(annotated, 2, cap=4).count == 4
    assert "EXISTS" not in captured.captured_queries[0]["sql"].upper()
