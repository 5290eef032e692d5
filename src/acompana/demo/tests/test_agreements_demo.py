"""The demo program's agreements, goals and partnership changes."""

from django.core import mail
from django.core.management import call_command

from acompana.agreements.models import (
    Acknowledgement,
    Agreement,
    AgreementVersion,
    Goal,
    GoalProgress,
    PartnershipChange,
)
from acompana.agreements.selectors import partnerships_without_agreement
from acompana.people.models import Partnership
from acompana.programs.models import Program


def counts() -> list[int]:
    return [
        m.objects.count()
        for m in (Agreement, AgreementVersion, Acknowledgement, GoalProgress, PartnershipChange)
    ]


def test_the_demo_has_agreements_goals_and_changes_and_loading_again_adds_nothing(db):
    call_command("demo", "--password", "demo-pass-123")
    program = Program.objects.get(slug="mentoria-directivos")
    agreements = Agreement.objects.filter(program=program)
    statuses = {s: agreements.filter(status=s).count() for s in Agreement.Status.values}
    assert statuses["in_force"] >= 40
    assert 3 <= statuses["awaiting"] <= 10
    assert statuses["closed"] == 1
    [renegotiated] = agreements.filter(current_number=2)
    assert renegotiated.in_force_number == 2
    assert renegotiated.versions.get(number=2).modes == ["video", "phone", "messaging"]
    goals = Goal.objects.filter(agreement__program=program)
    assert goals.count() >= 2 * statuses["in_force"]
    assert set(goals.values_list("competency__domain__framework__slug", flat=True)) == {"mbddir"}
    dates = GoalProgress.objects.filter(goal__agreement__program=program).values_list(
        "recorded_on__year", flat=True
    )
    assert set(dates) == {2021}
    assert set(PartnershipChange.objects.values_list("kind", flat=True)) == {"pause", "reassign"}
    reassign = PartnershipChange.objects.get(kind="reassign")
    assert reassign.new_partnership.mentee == reassign.partnership.mentee
    assert reassign.partnership.agreement.status == "closed"
    assert Partnership.objects.filter(program=program, paused_since__isnull=False).count() == 1
    # Pairs still to acknowledge are flagged for the coordinator.
    assert partnerships_without_agreement(program=program).count() == statuses["awaiting"]
    assert mail.outbox == []
    before = counts()
    call_command("demo", "--password", "demo-pass-123")
    assert counts() == before
