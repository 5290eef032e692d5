"""The demo program's time and cost, 2019-2021: in the in-person years mentors travel to rural
schools (hours on the road and fares), in the virtual year they pay for connectivity instead;
a budget per year that follows that shift; mentors' monthly stipends and a personnel budget;
most expenses approved, a few still waiting for the coordinator at the end of 2021, one
rejected and corrected, some drafts."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from acompana.accounts.models import Role, User
from acompana.common.choices import MeetingMode
from acompana.costs.models import (
    BudgetCategory,
    BudgetLine,
    CostSettings,
    Expense,
    PersonnelRate,
    RateBasis,
    TimeLog,
)
from acompana.demo.selection_training import _pdf as tiny_pdf
from acompana.people.models import MentorProfile
from acompana.programs.models import Program, School
from acompana.visits.models import Visit

BUDGETS = {
    2019: {"travel": "26000", "connectivity": "1200", "materials": "3500", "other": "1500"},
    2020: {"travel": "28000", "connectivity": "1500", "materials": "3500", "other": "1500"},
    2021: {"travel": "3000", "connectivity": "9500", "materials": "2500", "other": "1500"},
}
# Mentors are paid a monthly stipend while the year's field work lasts (March to mid-December),
# raised in 2021; the personnel budget covers the program's eight mentors.
STIPENDS = {2019: "3500", 2020: "3500", 2021: "3800"}
PERSONNEL_BUDGETS = {2019: "270000", 2020: "270000", 2021: "295000"}
DAY_CAP = Decimal("12")  # the demo never logs more than a long field day
PENDING_FROM = datetime.date(2021, 11, 1)  # later expenses still await the coordinator


def demo_costs_load(*, program: Program, cohorts: dict[int, Any]) -> None:
    """Set the currency and budgets (always) and add the records once (nothing if the program
    already has time logs). Deterministic: the same visits give the same records."""
    CostSettings.objects.update_or_create(program=program, defaults={"currency": "PEN"})
    for year, lines in BUDGETS.items():
        for category, amount in lines.items():
            BudgetLine.objects.update_or_create(
                program=program,
                year=year,
                category=category,
                defaults={"amount": Decimal(amount), "note": "Presupuesto de demostración"},
            )
    for year, amount in STIPENDS.items():
        PersonnelRate.objects.update_or_create(
            program=program,
            mentor=None,
            valid_from=datetime.date(year, 3, 1),
            defaults={
                "role": "mentor",
                "basis": RateBasis.MONTH,
                "amount": Decimal(amount),
                "valid_to": datetime.date(year, 12, 15),
                "note": "Estipendio mensual de demostración",
            },
        )
        BudgetLine.objects.update_or_create(
            program=program,
            year=year,
            category=BudgetCategory.PERSONNEL,
            defaults={
                "amount": Decimal(PERSONNEL_BUDGETS[year]),
                "note": "Presupuesto de demostración",
            },
        )
    if TimeLog.objects.filter(program=program).exists():
        return
    _Records(program).load()


class _Records:
    def __init__(self, program: Program) -> None:
        self.program = program
        self.rng = random.Random(2019)
        self.logs: list[TimeLog] = []
        self.expenses: list[Expense] = []
        self.day_hours: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
        self.coordinator = (
            User.objects.filter(memberships__program=program, memberships__role=Role.COORDINATOR)
            .order_by("email")
            .first()
        )

    def log(
        self,
        mentor: MentorProfile,
        day: datetime.date,
        category: str,
        hours: str,
        note: str = "",
        visit: Visit | None = None,
    ) -> None:
        amount = Decimal(hours)
        if self.day_hours[(mentor.pk, day)] + amount > DAY_CAP:
            return
        self.day_hours[(mentor.pk, day)] += amount
        self.logs.append(
            TimeLog(
                program=self.program,
                mentor=mentor,
                worked_on=day,
                category=category,
                hours=amount,
                visit=visit,
                note=note,
            )
        )

    def spend(
        self, mentor: MentorProfile, day: datetime.date, category: str, amount: Decimal, text: str
    ) -> None:
        self.expenses.append(
            Expense(
                program=self.program,
                mentor=mentor,
                spent_on=day,
                category=category,
                amount=amount.quantize(Decimal("0.01")),
                currency="PEN",
                description=text,
            )
        )

    def load(self) -> None:
        visits = list(
            # The story's years only: the health demo's follow-up visits of the load day
            # are not costed (they would open a year of their own in the cost report).
            Visit.objects.filter(
                program=self.program, status=Visit.Status.DONE, scheduled_at__year__lte=2021
            )
            .select_related("mentor", "mentee__school")
            .order_by("scheduled_at", "pk")
        )
        served: dict[int, set[MentorProfile]] = defaultdict(set)
        for visit in visits:
            self.visit(visit)
            served[visit.scheduled_at.year].add(visit.mentor)
        for year, mentors in sorted(served.items()):
            for mentor in sorted(mentors, key=lambda m: m.code):
                self.year_of(mentor, year)
        TimeLog.objects.bulk_create(self.logs, batch_size=500)
        self.decide_and_attach()
        Expense.objects.bulk_create(self.expenses, batch_size=500)

    def visit(self, visit: Visit) -> None:
        day = timezone.localtime(visit.scheduled_at).date()
        mentor, school = visit.mentor, visit.mentee.school
        self.log(
            mentor,
            day - datetime.timedelta(days=1),
            "preparation",
            "1",
            "Revisión del cuaderno y de los compromisos",
        )
        if visit.mode != MeetingMode.IN_PERSON:
            self.log(mentor, day, "visits", self.rng.choice(["1", "1.5"]), visit=visit)
            return
        self.log(mentor, day, "visits", self.rng.choice(["2", "2.5", "3"]), visit=visit)
        rural = school is not None and school.area == School.Area.RURAL
        name = school.name if school else "la I.E."
        if rural:
            self.log(
                mentor,
                day,
                "travel",
                self.rng.choice(["3", "4", "5"]),
                f"Ida y vuelta a {name}",
                visit=visit,
            )
            fare = Decimal(self.rng.randint(35, 95))
            self.spend(mentor, day, "travel", fare, f"Pasaje en combi y mototaxi a {name}")
        else:
            self.log(mentor, day, "travel", "1", f"Traslado a {name}", visit=visit)
            self.spend(
                mentor, day, "travel", Decimal(self.rng.randint(8, 20)), f"Pasaje urbano a {name}"
            )

    def year_of(self, mentor: MentorProfile, year: int) -> None:
        virtual = year == 2021
        for day in (datetime.date(year, 3, 4), datetime.date(year, 3, 5)):
            self.log(mentor, day, "training", "4" if virtual else "8", "Inducción")
        for month in range(4, 12):
            session = datetime.date(year, month, 28)
            if virtual:
                self.log(
                    mentor, session, "group_sessions", "1", "Reunión protocolar antes de la ronda"
                )
                self.spend(
                    mentor,
                    datetime.date(year, month, 1),
                    "connectivity",
                    Decimal(self.rng.choice([30, 35, 40, 50, 60])),
                    "Recarga de datos móviles para visitas virtuales",
                )
            else:
                self.log(mentor, session, "group_sessions", "3", "Consejería grupal entre mentores")
        self.spend(
            mentor,
            datetime.date(year, 4, 10),
            "materials",
            Decimal(self.rng.randint(40, 120)),
            "Impresión de rúbricas y cuaderno de campo",
        )

    def decide_and_attach(self) -> None:
        """Approve the past; leave the end of 2021 pending, one rejection, a few drafts; a tiny
        PDF receipt on a few expenses."""
        self.expenses.sort(key=lambda e: (e.spent_on, e.mentor.code, e.category, e.amount))
        recent = [e for e in self.expenses if e.spent_on >= PENDING_FROM]
        for index, expense in enumerate(self.expenses):
            expense.status = Expense.Status.APPROVED
            submitted = timezone.make_aware(
                datetime.datetime.combine(expense.spent_on, datetime.time(18))
            )
            expense.submitted_at = submitted
            expense.decided_at = submitted + datetime.timedelta(days=3)
            expense.decided_by = self.coordinator
            if index % 40 == 0:
                name = f"boleta-{expense.mentor.code}-{expense.spent_on:%Y%m%d}.pdf"
                expense.receipt.save(
                    name,
                    ContentFile(tiny_pdf(f"Boleta {expense.amount} PEN - {expense.spent_on}")),
                    save=False,
                )
                expense.receipt_original_name = name
        for index, expense in enumerate(recent):
            expense.decided_at = expense.decided_by = None
            expense.status = Expense.Status.SUBMITTED if index % 4 else Expense.Status.DRAFT
            if expense.status == Expense.Status.DRAFT:
                expense.submitted_at = None
        if recent:
            rejected = recent[1]
            rejected.status = Expense.Status.REJECTED
            rejected.decided_by = self.coordinator
            rejected.decided_at = (rejected.submitted_at or timezone.now()) + datetime.timedelta(
                days=2
            )
            rejected.decision_reason = "Falta la boleta o comprobante: adjúntelo y vuelva a enviar."
