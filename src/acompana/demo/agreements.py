"""The demo program's mentoring agreements for the 2021 pairs: most acknowledged by the three
parties, a few still awaiting, one renegotiated for the virtual year (two versions), goals tied
to competencies of the MBDDir framework with progress over 2021, one paused partnership and one
reassigned to another mentor."""

import datetime
from typing import Any

from django.utils import timezone

from acompana.accounts.models import Membership, Role
from acompana.agreements import services
from acompana.agreements.models import Agreement, AgreementTemplate
from acompana.people.models import MentorProfile, Partnership
from acompana.people.selectors import active_partnerships
from acompana.programs.models import Program
from acompana.visits.selectors import program_competencies

GOALS = [
    ("Monitorear la práctica docente con evidencias", "Dos visitas de aula al mes con la rúbrica"),
    ("Conducir el GIA con agenda y acuerdos", "Actas con acuerdos y seguimiento en cada reunión"),
    ("Planificar con la comunidad educativa", "PAT revisado con el CONEI antes de julio"),
    ("Retroalimentar a los docentes", "Cada docente recibe retroalimentación dos veces"),
]
PROGRESS = [(5, 15), (7, 35), (9, 55), (11, 75)]  # (month, percent) over 2021
AWAITING_EVERY = 7  # about one pair in seven has not yet acknowledged (across mentors)
PAUSED, REASSIGNED, RENEGOTIATED = 5, 10, 0  # indexes among the pairs, by mentee code
CHANGES_ON = datetime.date(2021, 11, 29)  # after the last round of visits


def _at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2021, month, day, hour, 0))


def _acknowledge(agreement: Agreement, coordinator: Any, *, month: int, parties: int = 3) -> None:
    pair = agreement.partnership
    people = [("mentor", pair.mentor.user), ("mentee", pair.mentee.user)]
    people.append(("coordinator", coordinator))
    for day, (party, user) in enumerate(people[:parties], start=20):
        services.agreement_acknowledge(
            agreement=agreement,
            number=agreement.current_number,
            party=party,
            user=user,
            at=_at(month, day),
        )


def demo_agreements_load(*, program: Program, cohorts: dict[int, Any]) -> None:
    """Add the agreements once (nothing is added if the program already has some)."""
    if Agreement.objects.filter(program=program).exists():
        return
    coordinator = (
        Membership.objects.filter(program=program, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    if coordinator is None:
        return
    actor = coordinator.user
    services.template_defaults_ensure(program=program)
    template = AgreementTemplate.objects.get(program=program, language="es")
    competencies = list(program_competencies(program))
    pairs = list(
        active_partnerships(program=program)
        .filter(cohort=cohorts[2021])
        .select_related("mentor__user", "mentee__user")
        .order_by("mentee__code")
    )
    for index, pair in enumerate(pairs):
        agreement = services.agreement_issue(
            partnership=pair, template=template, actor=actor, notify=False, at=_at(4, 19)
        )
        needs = list(pair.mentee.needs.order_by("code")) or competencies[:2]
        for k, competency in enumerate(needs[:2]):
            title, criteria = GOALS[(index + k) % len(GOALS)]
            goal = services.goal_add(
                agreement=agreement,
                title=title,
                competency=competency,
                success_criteria=criteria,
                target_date=datetime.date(2021, 12, 10),
                actor=actor,
            )
            for step, (month, percent) in enumerate(PROGRESS):
                author = pair.mentee.user if step % 2 else pair.mentor.user
                services.goal_progress_record(
                    goal=goal,
                    percent=min(100, percent + 5 * ((index + k) % 4)),
                    note="Avance revisado en la visita" if step % 2 == 0 else "",
                    recorded_on=datetime.date(2021, month, 12),
                    actor=author,
                )
        awaiting = index % AWAITING_EVERY == 4
        _acknowledge(agreement, actor, month=4, parties=1 if awaiting else 3)
        if index == RENEGOTIATED:
            _renegotiate(agreement, actor)
    _changes(pairs, actor, template)


def _renegotiate(agreement: Agreement, actor: Any) -> None:
    agreement.refresh_from_db()
    current = agreement.versions.get(number=agreement.current_number)
    texts = {
        name: getattr(current, name)
        for name in (
            "mentor_duties",
            "mentee_duties",
            "leadership_duties",
            "confidentiality",
        )
    }
    texts["cadence"] = (
        "Una llamada o videollamada semanal y una visita por ronda cuando la conectividad lo "
        "permita"
    )
    texts["modes"] = ["video", "phone", "messaging"]
    services.agreement_revise(
        agreement=agreement,
        revision=agreement.revision,
        texts=texts,
        change_note="Año virtual: reuniones a distancia más frecuentes por la conectividad.",
        actor=actor,
        notify=False,
        at=_at(8, 2),
    )
    agreement.refresh_from_db()
    _acknowledge(agreement, actor, month=8)


def _changes(pairs: list[Partnership], actor: Any, template: AgreementTemplate) -> None:
    if len(pairs) <= REASSIGNED:
        return
    services.partnership_change(
        partnership=pairs[PAUSED],
        kind="pause",
        reason="Licencia por salud de la directora; se retoma en marzo.",
        effective_on=CHANGES_ON,
        actor=actor,
    )
    old = pairs[REASSIGNED]
    mentors = list(MentorProfile.objects.filter(program=old.program).order_by("code"))
    new_mentor = mentors[(mentors.index(old.mentor) + 1) % len(mentors)]
    change = services.partnership_change(
        partnership=old,
        kind="reassign",
        reason="El mentor pasó a acompañar otra región; la nueva mentora cierra el año.",
        effective_on=CHANGES_ON,
        new_mentor=new_mentor,
        actor=actor,
    )
    assert change.new_partnership is not None
    agreement = services.agreement_issue(
        partnership=change.new_partnership,
        template=template,
        actor=actor,
        notify=False,
        at=_at(11, 30),
    )
    services.agreement_acknowledge(
        agreement=agreement,
        number=1,
        party="mentor",
        user=new_mentor.user,
        at=_at(12, 1),
    )
