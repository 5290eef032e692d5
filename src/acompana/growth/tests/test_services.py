import pytest
from django.core.exceptions import ValidationError

from acompana.common.models import AuditEntry
from acompana.frameworks.models import CareerStage, Competency, Framework
from acompana.growth import selectors, services
from acompana.growth.models import SelfAssessment


@pytest.fixture
def ppssh(db):
    return Framework.objects.get(slug="ppssh")


def start(world, framework, moment="start"):
    program = world.program
    return services.self_assessment_start(
        program=program,
        cohort=program.cohorts.get(),
        mentee=world.mentee_profile,
        moment=moment,
        framework=framework,
        actor=world.mentee,
    )


def stage(framework, code):
    return CareerStage.objects.get(framework=framework, code=code)


def strands(framework):
    return list(Competency.objects.filter(domain__framework=framework).order_by("pk"))


def test_a_principal_assesses_against_a_school_leaders_framework_with_stages(world, ppssh):
    assert selectors.framework_for(program=world.program, mentee=world.mentee_profile) == ppssh


def test_starting_twice_gives_the_same_draft(world, ppssh):
    assert start(world, ppssh) == start(world, ppssh)


def test_a_framework_without_career_stages_is_refused(world):
    with pytest.raises(ValidationError):
        start(world, Framework.objects.get(slug="mbddir"))


def test_the_end_of_a_cycle_uses_the_framework_of_its_start(world, ppssh):
    start(world, ppssh)
    end = start(world, Framework.objects.get(slug="ppst"), moment="end")
    assert end.framework == ppssh


def test_submitting_makes_the_self_assessment_read_only(world, ppssh):
    draft = start(world, ppssh)
    first, second = strands(ppssh)[:2]
    saved = services.self_assessment_save(
        assessment=draft,
        ratings={first.pk: (stage(ppssh, "CS1").pk, "Empiezo"), second.pk: (None, "")},
        expected_revision=1,
        submit=True,
        actor=world.mentee,
    )
    assert saved.submitted
    with pytest.raises(ValidationError, match="submitted"):
        services.self_assessment_save(
            assessment=saved, ratings={}, expected_revision=saved.revision, actor=world.mentee
        )
    assert AuditEntry.objects.filter(action="growth.self_assessment.submitted").exists()


def test_a_save_from_a_page_opened_before_another_save_is_refused(world, ppssh):
    draft = start(world, ppssh)
    first = strands(ppssh)[0]
    services.self_assessment_save(
        assessment=draft, ratings={first.pk: (None, "a")}, expected_revision=1, actor=world.mentee
    )
    with pytest.raises(ValidationError, match="saved since"):
        services.self_assessment_save(
            assessment=draft,
            ratings={first.pk: (None, "b")},
            expected_revision=1,
            actor=world.mentee,
        )
    assert draft.ratings.get().note == "a"


def test_ratings_of_another_framework_are_refused_and_nothing_is_saved(world, ppssh):
    draft = start(world, ppssh)
    ppst_stage = stage(Framework.objects.get(slug="ppst"), "CS1")
    first, second = strands(ppssh)[:2]
    with pytest.raises(ValidationError):
        services.self_assessment_save(
            assessment=draft,
            ratings={first.pk: (None, "ok"), second.pk: (ppst_stage.pk, "")},
            expected_revision=1,
            actor=world.mentee,
        )
    assert not draft.ratings.exists()


def test_a_correction_is_a_new_version_copied_from_the_submitted_one(world, ppssh):
    draft = start(world, ppssh)
    first = strands(ppssh)[0]
    submitted = services.self_assessment_save(
        assessment=draft,
        ratings={first.pk: (stage(ppssh, "CS2").pk, "nota")},
        expected_revision=1,
        submit=True,
        actor=world.mentee,
    )
    correction = services.self_assessment_correct(assessment=submitted, actor=world.mentee)
    assert (correction.version, correction.submitted) == (2, False)
    assert correction.ratings.get().note == "nota"
    assert services.self_assessment_correct(assessment=submitted, actor=world.mentee) == correction
    submitted.refresh_from_db()
    assert submitted.submitted and submitted.ratings.get().stage.code == "CS2"
    # Until the correction is submitted, the chart keeps the submitted version.
    assert selectors.cycle_of(correction).start == submitted
    assert list(
        selectors.latest_only(SelfAssessment.objects.filter(mentee=world.mentee_profile))
    ) == [correction]


def test_the_cycle_chart_compares_the_submitted_start_and_end(world, ppssh):
    first, second = strands(ppssh)[:2]
    for moment, code in (("start", "CS1"), ("end", "CS3")):
        draft = start(world, ppssh, moment)
        services.self_assessment_save(
            assessment=draft,
            ratings={first.pk: (stage(ppssh, code).pk, "")},
            expected_revision=1,
            submit=True,
            actor=world.mentee,
        )
    chart = selectors.cycle_of(draft).chart
    rows = {r.strand.id: r for r in chart.rows}
    assert rows[first.pk].change == 2
    assert rows[second.pk].change is None
    assert len(chart.rows) == 33


def test_evidence_must_be_for_a_strand_of_the_framework(world, ppssh):
    draft = start(world, ppssh)
    other = Competency.objects.filter(domain__framework__slug="ppst").first()
    with pytest.raises(ValidationError):
        services.evidence_add(
            assessment=draft, competency=other, text="Observado", actor=world.mentor
        )
    evidence = services.evidence_add(
        assessment=draft, competency=strands(ppssh)[0], text=" Observado ", actor=world.mentor
    )
    assert evidence.text == "Observado"
