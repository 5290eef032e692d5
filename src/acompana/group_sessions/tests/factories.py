import datetime

import factory
from django.utils import timezone

from acompana.common.choices import MeetingMode
from acompana.group_sessions.models import (
    Attendance,
    GroupSession,
    InformalMeeting,
    Kind,
)
from acompana.people.tests.factories import MentorProfileFactory
from acompana.programs.tests.factories import CohortFactory, ProgramFactory


class GroupSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupSession

    program = factory.SubFactory(ProgramFactory)
    cohort = factory.SubFactory(CohortFactory, program=factory.SelfAttribute("..program"))
    kind = Kind.COUNSELING
    title = factory.Sequence(lambda n: f"Consejería grupal {n}")
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    )
    duration_minutes = 120
    mode = MeetingMode.IN_PERSON


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(GroupSessionFactory)
    mentor = factory.SubFactory(
        MentorProfileFactory, program=factory.SelfAttribute("..session.program")
    )
    present = None


class InformalMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformalMeeting
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    logged_by = factory.SubFactory(MentorProfileFactory, program=factory.SelfAttribute("..program"))
    met_on = datetime.date(2026, 5, 4)
    mode = MeetingMode.VIDEO
    topic = "Cómo llenar el cuaderno de campo"

    @factory.post_generation
    def peers(self, create, extracted, **kwargs):
        if create:
            self.participants.set([self.logged_by, *(extracted or [])])
