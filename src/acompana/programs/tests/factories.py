import factory

from acompana.programs.models import Cohort, Modality, Program, Region, School


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"program-{n}")
    name = factory.Sequence(lambda n: f"Programa {n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory)
    year = factory.Sequence(lambda n: 2019 + n)
    modality = Modality.IN_PERSON


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["program", "name"]

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Región {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"IE{n:05d}")
    name = factory.Sequence(lambda n: f"I.E. N.° {n}")
    region = factory.SubFactory(RegionFactory, program=factory.SelfAttribute("..program"))
    level = School.Level.PRIMARY
    area = School.Area.RURAL
