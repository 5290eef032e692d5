"""Selection of mentors: scoring, ranking, admission, evidence and who sees what."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from acompana.accounts.models import Membership, Role
from acompana.accounts.tests.factories import UserFactory
from acompana.common.models import AuditEntry
from acompana.people.models import MentorProfile
from acompana.selection import services
from acompana.selection.forms import ApplicationForm
from acompana.selection.models import Application, Review
from acompana.selection.rubric_json import rubric_from_json, rubric_to_json
from acompana.selection.selectors import application_score, call_ranking, call_rubric
from acompana_core.rubrics import default_mentor_rubric

PERSONAS = ["coordinator", "mentor", "mentee", "specialist", "trainer", "researcher", "outsider"]
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ALL_FOUR = {"openness": 4, "empathy": 4, "motivation": 4, "communication": 4}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="titulo.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def call(world):
    today = timezone.localdate()
    return services.call_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        title="Convocatoria de mentores 2026",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        actor=world.coordinator,
    )


def apply(call, candidate, **overrides):
    data = {
        "highest_degree": "doctorate",
        "teaching_years": Decimal("22"),
        "management_years": Decimal("0"),
        "accompaniment_experience": True,
        "technical_assistance": False,
        "programs_served": 0,
        "region": "Cusco",
        "languages": ["es", "qu"],
        "motivation": "Quiero acompañar a directores rurales",
        "references": "Dra. Quispe",
        **overrides,
    }
    return services.application_submit(
        call=call, candidate=candidate, data=data, evidence=[(pdf(), "degree")]
    )


@pytest.fixture
def application(world, call):
    return apply(call, world.outsider)


def test_a_call_stores_the_default_rubric_as_json_that_reads_back_the_same(call):
    assert call_rubric(call) == default_mentor_rubric()
    assert rubric_from_json(rubric_to_json(default_mentor_rubric())) == default_mentor_rubric()
    assert AuditEntry.objects.filter(action="selection.call.created").exists()


def test_documentary_criteria_come_from_the_profile_and_panel_criteria_from_reviews(
    world, application
):
    rubric = call_rubric(application.call)
    alone = application_score(rubric=rubric, application=application, reviews=[])
    # doctorate 15 + 20+ years teaching 10 + accompaniment 10; no management, no assistance.
    assert alone.total == pytest.approx(35)
    assert set(alone.missing) == {"openness", "empathy", "motivation", "communication"}


def test_two_reviewers_are_combined_and_their_disagreement_is_flagged(world, application):
    services.review_save(
        application=application, reviewer=world.coordinator, scores=ALL_FOUR, comment="Sólida"
    )
    other = UserFactory()
    services.review_save(
        application=application,
        reviewer=other,
        scores={**ALL_FOUR, "openness": 0},
        comment="",
    )
    reviews = list(application.reviews.order_by("pk"))
    result = application_score(
        rubric=call_rubric(application.call), application=application, reviews=reviews
    )
    assert result.reviewers == 2
    assert result.by_code["openness"].weighted == pytest.approx(5)
    assert result.disagreements == ("openness",)
    assert result.total == pytest.approx(35 + 5 + 30)


def test_a_reviewer_updates_their_own_review_instead_of_adding_one(world, application):
    services.review_save(
        application=application, reviewer=world.coordinator, scores=ALL_FOUR, comment=""
    )
    services.review_save(
        application=application, reviewer=world.coordinator, scores={"empathy": 2}, comment="x"
    )
    assert Review.objects.get(application=application).scores == {"empathy": 2.0}


def test_a_panel_score_outside_the_scale_is_refused(world, application):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.review_save(
            application=application, reviewer=world.coordinator, scores={"empathy": 9}, comment=""
        )


def test_applications_are_ranked_by_total_with_the_no_management_tag(world, call):
    weaker = apply(call, world.outsider)
    stronger = apply(call, world.trainer, management_years=Decimal("2.5"))
    ranking = call_ranking(call=call)
    assert [line.application for line in ranking] == [stronger, weaker]
    assert [line.rank for line in ranking] == [1, 2]
    assert ranking[1].no_management_experience and not ranking[0].no_management_experience


def test_admitting_creates_the_mentor_profile_and_role_and_emails_the_candidate(
    world, application, django_capture_on_commit_callbacks
):
    world.outsider.preferred_language = "en"
    world.outsider.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=application,
            status="admitted",
            reason="Strong profile",
            actor=world.coordinator,
        )
    profile = MentorProfile.objects.get(program=world.program, user=world.outsider)
    assert profile.highest_degree == "doctorate"
    assert profile.teaching_years == Decimal("22")
    assert profile.languages == ["es", "qu"]
    assert list(profile.cohorts.all()) == [application.call.cohort]
    assert Membership.objects.filter(
        user=world.outsider, program=world.program, role=Role.MENTOR
    ).exists()
    application.refresh_from_db()
    assert application.status == "admitted" and application.decided_by == world.coordinator
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["outsider@example.org"]
    assert "admitted" in mail.outbox[0].subject
    assert "Strong profile" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="selection.application.decided").exists()


def test_admitting_an_existing_mentor_updates_their_profile(world, call):
    application = apply(call, world.mentor, programs_served=3)
    services.application_decide(
        application=application, status="admitted", reason="ok", actor=world.coordinator
    )
    world.mentor_profile.refresh_from_db()
    assert world.mentor_profile.programs_served == 3
    assert MentorProfile.objects.filter(user=world.mentor, program=world.program).count() == 1


def test_declining_needs_a_reason_and_gives_no_role(world, application):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.application_decide(
            application=application, status="declined", reason=" ", actor=world.coordinator
        )
    services.application_decide(
        application=application, status="declined", reason="Sin evidencia", actor=world.coordinator
    )
    assert not Membership.objects.filter(user=world.outsider, program=world.program).exists()


def test_a_candidate_applies_only_once_and_only_while_the_call_is_open(world, call, application):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        apply(call, world.outsider)
    call.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    call.save()
    with pytest.raises(ValidationError):
        apply(call, world.trainer)


def form_with(upload):
    data = {
        "highest_degree": "master",
        "teaching_years": "10",
        "management_years": "1.5",
        "programs_served": "1",
        "motivation": "m",
        "evidence_kind": "degree",
    }
    return ApplicationForm(data, {"evidence_files": [upload]})


def test_valid_evidence_is_accepted():
    assert form_with(pdf()).is_valid()
    assert form_with(SimpleUploadedFile("foto.png", PNG)).is_valid()


def test_evidence_larger_than_5_mb_is_refused():
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024))
    form = form_with(big)
    assert not form.is_valid()
    assert "5 MB" in str(form.errors["evidence_files"])


def test_evidence_of_another_type_is_refused():
    form = form_with(SimpleUploadedFile("notes.txt", b"hello"))
    assert not form.is_valid() and "evidence_files" in form.errors


def test_a_pdf_renamed_png_is_refused():
    form = form_with(SimpleUploadedFile("scan.png", PDF))
    assert not form.is_valid()
    assert "not really a PNG" in str(form.errors["evidence_files"])


def test_a_signed_in_person_applies_through_the_page(world, call, client):
    client.force_login(world.outsider)
    response = client.post(
        reverse("selection:apply", args=[world.program.slug, call.pk]),
        {
            "highest_degree": "licensed",
            "teaching_years": "12",
            "management_years": "3.5",
            "accompaniment_experience": "on",
            "programs_served": "2",
            "region": "Puno",
            "languages_text": "es, ay",
            "motivation": "Acompañar",
            "references": "",
            "evidence_kind": "certificate",
            "evidence_files": [pdf("a.pdf"), SimpleUploadedFile("b.png", PNG)],
        },
    )
    application = Application.objects.get(candidate=world.outsider)
    assert response.status_code == 302
    assert application.languages == ["es", "ay"]
    assert application.management_years == Decimal("3.5")
    assert application.evidence.count() == 2
    assert application.evidence.first().file.name.startswith("evidence/")


def test_coordinators_open_calls_from_the_page(world, as_persona):
    today = timezone.localdate()
    response = as_persona("coordinator").post(
        reverse("selection:calls", args=[world.program.slug]),
        {
            "cohort": world.program.cohorts.get().pk,
            "title": "Segunda convocatoria",
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert world.program.selection_calls.filter(title="Segunda convocatoria").exists()


def test_coordinators_review_and_decide_from_the_application_page(world, application, as_persona):
    client = as_persona("coordinator")
    args = [world.program.slug, application.pk]
    client.post(
        reverse("selection:review", args=args),
        {f"score_{k}": v for k, v in ALL_FOUR.items()} | {"comment": "Bien"},
    )
    assert Review.objects.get(application=application).scores["empathy"] == 4
    client.post(reverse("selection:decide", args=args), {"status": "waitlisted", "reason": "Cupo"})
    application.refresh_from_db()
    assert application.status == "waitlisted"
    body = client.get(reverse("selection:application", args=args)).content.decode()
    assert "Bien" in body and "Cupo" in body


MANAGE = {"coordinator": 200, "outsider": 404}  # other members: 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_see_the_calls_and_the_ranked_list(world, call, as_persona, persona):
    client = as_persona(persona)
    expected = MANAGE.get(persona, 403)
    for url in (
        reverse("selection:calls", args=[world.program.slug]),
        reverse("selection:call", args=[world.program.slug, call.pk]),
    ):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("persona", PERSONAS)
def test_anyone_signed_in_may_open_the_application_form(world, call, as_persona, persona):
    url = reverse("selection:apply", args=[world.program.slug, call.pk])
    assert as_persona(persona).get(url).status_code == 200


def test_the_application_form_needs_a_sign_in(world, call, client):
    url = reverse("selection:apply", args=[world.program.slug, call.pk])
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("persona", PERSONAS)
def test_candidates_see_only_their_own_application_and_only_coordinators_decide(
    world, call, as_persona, persona
):
    # The mentee applies; every persona then tries to read, review and decide on it.
    application = apply(call, world.mentee)
    client = as_persona(persona)
    args = [world.program.slug, application.pk]
    read = client.get(reverse("selection:application", args=args))
    expected_read = 200 if persona in ("coordinator", "mentee") else 404
    assert read.status_code == expected_read
    if persona == "mentee":
        assert "review-form" not in read.content.decode()
    expected_write = {"coordinator": 302, "mentee": 403}.get(persona, 404)
    review = client.post(reverse("selection:review", args=args), {"score_empathy": "3"})
    assert review.status_code == expected_write
    decide = client.post(
        reverse("selection:decide", args=args), {"status": "admitted", "reason": "x"}
    )
    assert decide.status_code == expected_write
    application.refresh_from_db()
    assert (application.status == "admitted") == (persona == "coordinator")


def test_the_ranked_list_keeps_its_query_count_flat(
    world, call, as_persona, django_assert_max_num_queries
):
    reviewers = [world.coordinator, UserFactory()]
    for _n in range(20):
        application = apply(call, UserFactory())
        for reviewer in reviewers:
            services.review_save(
                application=application, reviewer=reviewer, scores=ALL_FOUR, comment=""
            )
    client = as_persona("coordinator")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("selection:call", args=[world.program.slug, call.pk]))
    assert len(response.context["ranking"]) == 20


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("outsider", 200),
        ("mentor", 404),
        ("mentee", 404),
        ("trainer", 404),
        ("researcher", 404),
        ("specialist", 404),
    ],
)
def test_evidence_files_are_served_only_to_their_candidate_and_coordinators(
    world, application, as_persona, persona, status
):
    evidence = application.evidence.first()
    url = reverse("selection:evidence", args=[world.program.slug, application.pk, evidence.pk])
    response = as_persona(persona).get(url)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_application_with_an_unknown_degree_is_refused_by_the_service(world, call):
    with pytest.raises(ValidationError) as refused:
        apply(call, world.outsider, highest_degree="masters")
    assert "highest_degree" in refused.value.message_dict
    assert not Application.objects.filter(call=call).exists()
