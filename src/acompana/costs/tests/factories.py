import datetime
from decimal import Decimal

import factory

from acompana.costs.models import BudgetLine, Expense, ExpenseCategory, TimeCategory, TimeLog
from acompana.people.tests.factories import MentorProfileFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TimeLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeLog

    mentor = factory.SubFactory(MentorProfileFactory)
    program = factory.SelfAttribute("mentor.program")
    worked_on = factory.LazyFunction(lambda: datetime.date(2026, 5, 4))
    category = TimeCategory.VISITS
    hours = Decimal("2.50")


class ExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expense

    mentor = factory.SubFactory(MentorProfileFactory)
    program = factory.SelfAttribute("mentor.program")
    spent_on = factory.LazyFunction(lambda: datetime.date(2026, 5, 4))
    category = ExpenseCategory.TRAVEL
    amount = Decimal("45.00")
    description = "Pasaje a la I.E. 50123"
    status = Expense.Status.DRAFT


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    program = factory.SubFactory("acompana.programs.tests.factories.ProgramFactory")
    year = 2026
    category = ExpenseCategory.TRAVEL
    amount = Decimal("10000.00")
