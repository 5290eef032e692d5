import pytest
from django.urls import reverse

from acompana.frameworks.models import CareerStage, Competency, Framework
from acompana.growth import services
from acompana.growth.models import SelfAssessment, StrandEvidence
from acompana.people.tests.factories import MenteeProfileFactory


@pytest.fixture
def ppssh(db):
    return Framework.objects.get(slug="ppssh")


def submitted(world, framework, moment="start", code="CS1"):
    draft = services.self_assessment_start(
        program=world.program,
        cohort=world.program.cohorts.get(),
        mentee=world.mentee_profile,
        moment=moment,
        framework=framework,
        actor=world.mentee,
    )
    strand = Competency.objects.filter(domain__framework=framework).order_by("pk").first()
    stage = CareerStage.objects.get(framework=framework, code=code)
    return services.self_assessment_save(
        assessment=draft,
        ratings={strand.pk: (stage.pk, "")},
        expected_revision=draft.revision,
        submit=True,
        actor=world.mentee,
    )


def test_a_mentee_starts_fills_in_and_submits_a_self_assessment(world, as_persona, ppssh):
    client = as_persona("mentee")
    slug = world.program.slug
    cohort = world.program.cohorts.get()
    page = client.get(reverse("growth:start", args=[slug]))
    assert page.status_code == 200
    response = client.post(
        reverse("growth:start", args=[slug]),
        {"cohort": cohort.pk, "moment": "start", "framework": ppssh.pk},
    )
    assessment = SelfAssessment.objects.get()
    assert response.url == reverse("growth:edit", args=[slug, assessment.pk])
    form = client.get(response.url)
    body = form.content.decode()
    assert "growth-domain" in body and "1.1" in body
    strand = Competency.objects.filter(domain__framework=ppssh).order_by("pk").first()
    stage = CareerStage.objects.get(framework=ppssh, code="CS2")
    data = {"revision": 1, f"stage-{strand.pk}": stage.pk, f"note-{strand.pk}": "Avanzo"}
    client.post(response.url, {**data, "action": "save"})
    assessment.refresh_from_db()
    assert (assessment.revision, assessment.submitted) == (2, False)
    # A second tab, opened before that save, is refused.
    stale = client.post(response.url, {**data, "action": "submit"})
    assert stale.status_code == 200 and "since you opened it" in stale.content.decode()
    done = client.post(response.url, {**data, "revision": 2, "action": "submit"})
    assert done.url == reverse("growth:detail", args=[slug, assessment.pk])
    assessment.refresh_from_db()
    assert assessment.submitted
    # Submitted: the form sends back to the read-only page.
    again = client.get(response.url)
    assert again.status_code == 302


def test_the_view_draws_the_chart_of_the_cycle_with_a_table(world, as_persona, ppssh):
    submitted(world, ppssh, "start", "CS1")
    end = submitted(world, ppssh, "end", "CS3")
    response = as_persona("mentor").get(reverse("growth:detail", args=[world.program.slug, end.pk]))
    body = response.content.decode()
    assert "<svg" in body and "growth-chart" in body
    assert "chart-table" in body


def test_a_correction_opens_a_new_draft_version(world, as_persona, ppssh):
    first = submitted(world, ppssh)
    client = as_persona("mentee")
    response = client.post(reverse("growth:correct", args=[world.program.slug, first.pk]))
    draft = SelfAssessment.objects.get(version=2)
    assert response.url == reverse("growth:edit", args=[world.program.slug, draft.pk])


def test_the_mentor_adds_evidence_and_the_mentee_reads_it(world, as_persona, ppssh):
    assessment = submitted(world, ppssh)
    strand = Competency.objects.filter(domain__framework=ppssh).order_by("pk").first()
    url = reverse("growth:evidence", args=[world.program.slug, assessment.pk])
    client = as_persona("mentor")
    assert client.get(url).status_code == 200
    response = client.post(url, {"competency": strand.pk, "text": "Lideró la reunión"})
    assert response.status_code == 302
    assert StrandEvidence.objects.get().author == world.mentor
    body = as_persona("mentee").get(response.url).content.decode()
    assert "Lideró la reunión" in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("mentor", 200),
        ("specialist", 200),
        ("mentee", 200),
        ("trainer", 403),
        ("researcher", 403),
        ("outsider", 404),
    ],
)
def test_who_may_read_a_self_assessment(world, as_persona, ppssh, persona, status):
    assessment = submitted(world, ppssh)
    url = reverse("growth:detail", args=[world.program.slug, assessment.pk])
    assert as_persona(persona).get(url).status_code == status


def test_the_mentor_of_another_mentee_neither_reads_nor_lists_it(world, client, ppssh):
    assessment = submitted(world, ppssh)
    client.force_login(world.other_mentor_profile.user)
    slug = world.program.slug
    assert client.get(reverse("growth:detail", args=[slug, assessment.pk])).status_code == 404
    body = client.get(reverse("growth:list", args=[slug])).content.decode()
    assert world.mentee_profile.code not in body


def test_only_the_mentee_fills_in_and_only_mentors_add_evidence(world, as_persona, ppssh):
    assessment = submitted(world, ppssh)
    slug = world.program.slug
    coordinator = as_persona("coordinator")
    assert (
        coordinator.get(reverse("growth:evidence", args=[slug, assessment.pk])).status_code == 403
    )
    assert (
        coordinator.post(reverse("growth:correct", args=[slug, assessment.pk])).status_code == 403
    )
    assert coordinator.get(reverse("growth:start", args=[slug])).status_code == 403


def test_the_coordinator_lists_a_cohort_and_downloads_it(world, as_persona, ppssh):
    submitted(world, ppssh)
    client = as_persona("coordinator")
    url = reverse("growth:list", args=[world.program.slug])
    cohort = world.program.cohorts.get()
    body = client.get(url, {"cohort": cohort.pk}).content.decode()
    assert world.mentee_profile.code in body
    csv = client.get(url, {"cohort": cohort.pk, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert world.mentee_profile.code in csv.content.decode("utf-8-sig")
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert as_persona("mentor").get(url, {"format": "csv"}).status_code == 403


def test_the_list_keeps_its_queries_whatever_the_number_of_mentees(
    world, as_persona, ppssh, django_assert_max_num_queries
):
    cohort = world.program.cohorts.get()
    for _ in range(12):
        mentee = MenteeProfileFactory(program=world.program)
        mentee.cohorts.add(cohort)
        services.self_assessment_start(
            program=world.program,
            cohort=cohort,
            mentee=mentee,
            moment="start",
            framework=ppssh,
            actor=mentee.user,
        )
    client = as_persona("coordinator")
    url = reverse("growth:list", args=[world.program.slug])
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count("<tr>") >= 13


def test_the_view_keeps_its_queries_whatever_the_number_of_strands_and_evidence(
    world, as_persona, ppssh, django_assert_max_num_queries
):
    start = submitted(world, ppssh, "start", "CS1")
    submitted(world, ppssh, "end", "CS2")
    for strand in Competency.objects.filter(domain__framework=ppssh)[:10]:
        services.evidence_add(
            assessment=start, competency=strand, text="Observado", actor=world.mentor
        )
    client = as_persona("mentor")
    url = reverse("growth:detail", args=[world.program.slug, start.pk])
    client.get(url)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert response.content.decode().count("Observado") == 10


def test_the_api_list_keeps_its_queries(world, api_as, ppssh, django_assert_max_num_queries):
    cohort = world.program.cohorts.get()
    for _ in range(10):
        mentee = MenteeProfileFactory(program=world.program)
        mentee.cohorts.add(cohort)
        services.self_assessment_start(
            program=world.program,
            cohort=cohort,
            mentee=mentee,
            moment="start",
            framework=ppssh,
            actor=mentee.user,
        )
    client = api_as("coordinator")
    url = f"/api/v1/programs/{world.program.slug}/self-assessments/"
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.json()["count"] == 10
