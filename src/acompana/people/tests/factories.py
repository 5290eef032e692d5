import datetime
from decimal import Decimal

import factory

from acompana.accounts.models import Role
from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.people.models import MenteeProfile, MentorProfile, Partnership, SpecialistAssignment
from acompana.programs.tests.factories import ProgramFactory, SchoolFactory


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    code = factory.Sequence(lambda n: f"T{n:04d}")
    highest_degree = "licensed"
    teaching_years = Decimal(12)
    management_years = Decimal("2.5")
    programs_served = 2
    languages = factory.LazyFunction(lambda: ["es"])

    @factory.post_generation
    def membership(self, create, extracted, **kwargs):
        if create:
            MembershipFactory(user=self.user, program=self.program, role=Role.MENTOR)


class MenteeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeProfile
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    code = factory.Sequence(lambda n: f"M{n:05d}")
    position = MenteeProfile.Position.PRINCIPAL
    school = factory.SubFactory(SchoolFactory, program=factory.SelfAttribute("..program"))
    region = factory.SelfAttribute("school.region")
    languages = factory.LazyFunction(lambda: ["es"])

    @factory.post_generation
    def membership(self, create, extracted, **kwargs):
        if create:
            MembershipFactory(user=self.user, program=self.program, role=Role.MENTEE)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    program = factory.SubFactory(ProgramFactory)
    mentor = factory.SubFactory(MentorProfileFactory, program=factory.SelfAttribute("..program"))
    mentee = factory.SubFactory(MenteeProfileFactory, program=factory.SelfAttribute("..program"))
    started_on = factory.LazyFunction(lambda: datetime.date(2026, 3, 1))


class SpecialistAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialistAssignment

    program = factory.SubFactory(ProgramFactory)
    specialist = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(MentorProfileFactory, program=factory.SelfAttribute("..program"))
