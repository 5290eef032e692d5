"""Agreements, versions, acknowledgements, goals and partnership changes, through the services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from acompana.agreements import services
from acompana.agreements.models import (
    Acknowledgement,
    Agreement,
    AgreementTemplate,
    GoalProgress,
    PartnershipChange,
)
from acompana.agreements.selectors import (
    goals_chart,
    goals_with_progress,
    partnership_history,
    partnerships_without_agreement,
    version_diff,
)
from acompana.agreements.tests.conftest import acknowledge_all, issue
from acompana.common.models import AuditEntry
from acompana.frameworks.models import Competency, Domain, Framework
from acompana.people.models import Partnership
from acompana.people.selectors import active_partnerships
from acompana.people.tests.factories import MentorProfileFactory


def texts_of(version, **changes):
    values = {
        f: getattr(version, f)
        for f in (
            "mentor_duties",
            "mentee_duties",
            "leadership_duties",
            "cadence",
            "confidentiality",
            "modes",
        )
    }
    return values | changes


def test_a_program_gets_the_default_templates_in_spanish_and_english_once(world):
    first = services.template_defaults_ensure(program=world.program)
    again = services.template_defaults_ensure(program=world.program)
    assert {t.language for t in first} == {"es", "en"}
    assert [t.pk for t in first] == [t.pk for t in again]
    assert AgreementTemplate.objects.filter(program=world.program).count() == 2
    english = next(t for t in first if t.language == "en")
    assert "trustworthy, accessible and nonjudgmental" in english.mentor_duties
    assert "time and funding" in english.leadership_duties


def test_issuing_an_agreement_asks_the_three_parties_to_acknowledge_it_by_email(
    world, pair, django_capture_on_commit_callbacks
):
    world.mentee.preferred_language = "es"
    world.mentee.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        agreement = issue(world, pair, notify=True)
    assert agreement.status == Agreement.Status.AWAITING
    version = agreement.versions.get()
    assert (version.number, version.issued) == (1, True)
    assert version.mentor_duties.startswith("- Acompañar")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.mentor.email, world.mentee.email, world.coordinator.email]
    )
    assert all("acknowledge" in m.subject or "acuerdo" in m.subject for m in mail.outbox)
    assert all(f"/p/test-program/agreements/{agreement.pk}/" in m.body for m in mail.outbox)
    assert AuditEntry.objects.filter(action="agreements.agreement.issued").exists()


def test_a_draft_is_not_announced_and_cannot_be_acknowledged(
    world, pair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        agreement = issue(world, pair, issue=False, notify=True)
    assert agreement.status == Agreement.Status.DRAFT
    assert mail.outbox == []
    with pytest.raises(ValidationError, match="draft"):
        services.agreement_acknowledge(
            agreement=agreement, number=1, party="mentor", user=world.mentor
        )


def test_the_agreement_is_in_force_once_mentor_mentee_and_coordinator_acknowledge(world, pair):
    agreement = issue(world, pair)
    services.agreement_acknowledge(agreement=agreement, number=1, party="mentor", user=world.mentor)
    services.agreement_acknowledge(agreement=agreement, number=1, party="mentee", user=world.mentee)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AWAITING
    services.agreement_acknowledge(
        agreement=agreement, number=1, party="coordinator", user=world.coordinator
    )
    agreement.refresh_from_db()
    assert (agreement.status, agreement.in_force_number) == (Agreement.Status.IN_FORCE, 1)
    acks = {a.party: a for a in Acknowledgement.objects.filter(version__agreement=agreement)}
    assert acks["mentee"].user == world.mentee
    assert abs((timezone.now() - acks["mentee"].at).total_seconds()) < 60


@pytest.mark.parametrize(
    "persona, party",
    [("mentee", "mentor"), ("mentor", "mentee"), ("mentor", "coordinator"), ("outsider", "mentee")],
)
def test_nobody_acknowledges_for_a_party_they_are_not(world, pair, persona, party):
    agreement = issue(world, pair)
    with pytest.raises(ValidationError, match="cannot acknowledge"):
        services.agreement_acknowledge(
            agreement=agreement, number=1, party=party, user=world.persona(persona)
        )


def test_a_party_acknowledges_a_version_only_once(world, pair):
    agreement = issue(world, pair)
    services.agreement_acknowledge(agreement=agreement, number=1, party="mentor", user=world.mentor)
    with pytest.raises(ValidationError, match="already"):
        services.agreement_acknowledge(
            agreement=agreement, number=1, party="mentor", user=world.mentor
        )


def test_renegotiating_creates_a_new_version_and_keeps_the_old_one_as_it_was(
    world, pair, competencies
):
    agreement = issue(world, pair)
    acknowledge_all(world, agreement)
    agreement.refresh_from_db()
    services.goal_add(
        agreement=agreement,
        title="Monitorear aulas",
        competency=competencies[0],
        actor=world.mentor,
    )
    v1 = agreement.versions.get(number=1)
    v2 = services.agreement_revise(
        agreement=agreement,
        revision=agreement.revision,
        texts=texts_of(v1, cadence="Una reunión semanal", modes=["video", "phone"]),
        change_note="Más reuniones en el año virtual",
        actor=world.coordinator,
        notify=False,
    )
    agreement.refresh_from_db()
    v1.refresh_from_db()
    assert (v2.number, agreement.current_number) == (2, 2)
    assert agreement.status == Agreement.Status.AWAITING
    assert agreement.in_force_number == 1  # until the three acknowledge version 2
    assert v1.cadence.startswith("Una visita por ronda")
    assert v1.acknowledgements.count() == 3
    diff = {d.label: d.lines for d in version_diff(v1, v2)}
    assert ("add", "Una reunión semanal") in diff["meeting cadence"]
    assert ("del", v1.cadence) in diff["meeting cadence"]
    assert "Monitorear aulas [A1]" in v2.goals_text
    assert "mentor_duties" not in {d.label for d in version_diff(v1, v2)}
    assert set(diff) == {"meeting cadence", "meeting modes", "goals"}
    with pytest.raises(ValidationError, match="no longer current"):
        services.agreement_acknowledge(
            agreement=agreement, number=1, party="mentor", user=world.mentor
        )


def test_a_stale_renegotiation_is_refused_with_a_clear_message(world, pair):
    agreement = issue(world, pair)
    opened_at = agreement.revision
    v1 = agreement.versions.get()
    services.agreement_acknowledge(agreement=agreement, number=1, party="mentor", user=world.mentor)
    with pytest.raises(ValidationError, match="Someone changed this agreement"):
        services.agreement_revise(
            agreement=agreement,
            revision=opened_at,
            texts=texts_of(v1, cadence="Semanal"),
            actor=world.coordinator,
            notify=False,
        )
    assert agreement.versions.count() == 1


def test_editing_a_draft_changes_it_without_a_new_version(world, pair):
    agreement = issue(world, pair, issue=False)
    v1 = agreement.versions.get()
    services.agreement_revise(
        agreement=agreement,
        revision=agreement.revision,
        texts=texts_of(v1, cadence="Semanal"),
        issue=False,
        actor=world.coordinator,
    )
    assert agreement.versions.get().cadence == "Semanal"
    assert agreement.status == Agreement.Status.DRAFT


def test_empty_texts_and_unknown_modes_are_refused(world, pair):
    agreement = issue(world, pair)
    v1 = agreement.versions.get()
    with pytest.raises(ValidationError, match="empty"):
        services.agreement_revise(
            agreement=agreement,
            revision=agreement.revision,
            texts=texts_of(v1, confidentiality=" "),
            actor=world.coordinator,
        )
    with pytest.raises(ValidationError, match="meeting mode"):
        services.agreement_revise(
            agreement=agreement,
            revision=agreement.revision,
            texts=texts_of(v1, modes=["telepathy"]),
            actor=world.coordinator,
        )


def test_a_pair_has_one_agreement(world, pair):
    issue(world, pair)
    with pytest.raises(ValidationError, match="already has an agreement"):
        issue(world, pair)


def test_goals_take_competencies_of_the_programs_framework_only(world, pair, competencies):
    agreement = issue(world, pair)
    other = Framework.objects.create(slug="otro", name="Otro", audience="teachers")
    foreign = Competency.objects.create(
        domain=Domain.objects.create(framework=other, code="X", name="X"), code="X1", name="X1"
    )
    with pytest.raises(ValidationError, match="framework"):
        services.goal_add(agreement=agreement, title="Meta", competency=foreign, actor=world.mentor)
    goal = services.goal_add(
        agreement=agreement,
        title="Liderar el GIA",
        competency=competencies[1],
        success_criteria="Cuatro reuniones con acta",
        target_date=datetime.date(2026, 12, 1),
        actor=world.mentee,
    )
    assert goal.competency == competencies[1]


def test_progress_is_recorded_by_the_mentor_or_mentee_and_its_history_kept(world, pair):
    agreement = issue(world, pair)
    goal = services.goal_add(agreement=agreement, title="Monitorear aulas", actor=world.mentor)
    services.goal_progress_record(
        goal=goal,
        percent=20,
        note="Inicio",
        recorded_on=datetime.date(2026, 4, 1),
        actor=world.mentor,
    )
    services.goal_progress_record(
        goal=goal, percent=60, recorded_on=datetime.date(2026, 6, 1), actor=world.mentee
    )
    for persona in ["coordinator", "specialist", "outsider"]:
        with pytest.raises(ValidationError, match="mentor or mentee"):
            services.goal_progress_record(goal=goal, percent=70, actor=world.persona(persona))
    with pytest.raises(ValidationError, match="between 0 and 100"):
        services.goal_progress_record(goal=goal, percent=101, actor=world.mentee)
    assert list(GoalProgress.objects.filter(goal=goal).values_list("percent", flat=True)) == [
        20,
        60,
    ]
    [loaded] = goals_with_progress(agreement=agreement)
    assert loaded.latest.percent == 60
    chart = goals_chart([loaded])
    assert "<polyline" in chart and "2026-04" in chart and "2026-06" in chart and "100%" in chart


def test_pausing_and_resuming_keep_the_partnership_active(world, pair):
    services.partnership_change(
        partnership=pair, kind="pause", reason="Licencia por salud", actor=world.coordinator
    )
    pair.refresh_from_db()
    assert pair.paused_since == timezone.localdate()
    assert active_partnerships(program=world.program).filter(pk=pair.pk).exists()
    with pytest.raises(ValidationError, match="already paused"):
        services.partnership_change(
            partnership=pair, kind="pause", reason="Otra vez", actor=world.coordinator
        )
    services.partnership_change(
        partnership=pair, kind="resume", reason="Regresó", actor=world.coordinator
    )
    pair.refresh_from_db()
    assert pair.paused_since is None
    assert list(pair.changes.values_list("kind", flat=True)) == ["pause", "resume"]
    entries = AuditEntry.objects.filter(action__contains="partnership").order_by("pk")
    assert [(e.action, e.data["reason"]) for e in entries] == [
        ("people.partnership.paused", "Licencia por salud"),
        ("people.partnership.resumed", "Regresó"),
    ]


@pytest.mark.parametrize(
    ("kind", "action", "ends"),
    [
        ("pause", "people.partnership.paused", False),
        ("end", "people.partnership.ended", True),
        ("reassign", "people.partnership.reassigned", True),
    ],
)
def test_a_partnership_change_is_one_audit_entry_with_its_reason_and_dates(
    world, pair, kind, action, ends
):
    issue(world, pair)
    on = datetime.date(2026, 6, 1)
    change = services.partnership_change(
        partnership=pair,
        kind=kind,
        reason="  Cambio de escuela ",
        effective_on=on,
        new_mentor=world.other_mentor_profile,
        actor=world.coordinator,
    )
    [entry] = AuditEntry.objects.filter(action__contains="partnership")
    assert (entry.action, entry.actor, entry.program) == (action, world.coordinator, world.program)
    assert entry.target_id == str(pair.pk)
    assert entry.data["reason"] == "Cambio de escuela"
    assert entry.data["effective_on"] == "2026-06-01"
    assert entry.data.get("ended_on") == ("2026-05-31" if ends else None)
    new = change.new_partnership
    assert entry.data.get("new_partnership") == (new.pk if new else None)
    closed = AuditEntry.objects.filter(action="agreements.agreement.closed")
    assert closed.count() == (1 if ends else 0)


def test_ending_a_partnership_closes_its_agreement(world, pair):
    agreement = issue(world, pair)
    services.partnership_change(
        partnership=pair, kind="end", reason="Cambio de escuela", actor=world.coordinator
    )
    agreement.refresh_from_db()
    pair.refresh_from_db()
    assert agreement.status == Agreement.Status.CLOSED
    assert agreement.closed_reason == "Cambio de escuela"
    assert not active_partnerships(program=world.program).filter(pk=pair.pk).exists()
    with pytest.raises(ValidationError, match="closed"):
        services.agreement_acknowledge(
            agreement=agreement, number=1, party="mentor", user=world.mentor
        )
    with pytest.raises(ValidationError, match="already ended"):
        services.partnership_change(
            partnership=pair, kind="pause", reason="x", actor=world.coordinator
        )


def test_reassigning_starts_a_partnership_with_the_new_mentor_and_links_the_history(world, pair):
    agreement = issue(world, pair)
    newcomer = MentorProfileFactory(program=world.program)
    change = services.partnership_change(
        partnership=pair,
        kind="reassign",
        reason="El mentor dejó el programa",
        new_mentor=newcomer,
        actor=world.coordinator,
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.CLOSED
    new = change.new_partnership
    assert (new.mentor, new.mentee, new.started_on) == (
        newcomer,
        world.mentee_profile,
        timezone.localdate(),
    )
    active = active_partnerships(program=world.program).filter(mentee=world.mentee_profile)
    assert list(active) == [new]
    chain = partnership_history(mentee=world.mentee_profile)
    assert [p.pk for p in chain] == [pair.pk, new.pk]
    assert chain[0].change_list[0].new_partnership == new
    assert chain[0].agreement_pk == agreement.pk
    assert new in partnerships_without_agreement(program=world.program)


def test_reassigning_needs_another_mentor_of_the_program(world, pair):
    for mentor in [None, world.mentor_profile, MentorProfileFactory()]:
        with pytest.raises(ValidationError, match="mentor"):
            services.partnership_change(
                partnership=pair,
                kind="reassign",
                reason="x",
                new_mentor=mentor,
                actor=world.coordinator,
            )
    assert not PartnershipChange.objects.exists()
    assert Partnership.objects.get(pk=pair.pk).ended_on is None


def test_pairs_without_an_acknowledged_agreement_are_those_never_in_force(world, pair, other_pair):
    assert set(partnerships_without_agreement(program=world.program)) == {pair, other_pair}
    agreement = issue(world, pair)
    assert set(partnerships_without_agreement(program=world.program)) == {pair, other_pair}
    acknowledge_all(world, agreement)
    assert set(partnerships_without_agreement(program=world.program)) == {other_pair}
