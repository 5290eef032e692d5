import factory

from acompana.agreements.models import Agreement, AgreementTemplate, AgreementVersion, Goal
from acompana.people.tests.factories import PartnershipFactory
from acompana.programs.tests.factories import ProgramFactory


class AgreementTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementTemplate

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Plantilla {n}")
    language = "es"
    mentor_duties = "Visitar cada ronda"
    mentee_duties = "Reservar el tiempo"
    leadership_duties = "Financiar los traslados"
    cadence = "Cada dos semanas"
    modes = factory.LazyFunction(lambda: ["in_person", "video"])
    confidentiality = "Lo conversado es confidencial"


class AgreementFactory(factory.django.DjangoModelFactory):
    """A draft agreement with its version 1 (use the services to issue and acknowledge)."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    program = factory.SelfAttribute("partnership.program")

    @factory.post_generation
    def version(self, create, extracted, **kwargs):
        if create:
            AgreementVersion.objects.create(
                agreement=self,
                number=1,
                mentor_duties="Visitar",
                mentee_duties="Participar",
                leadership_duties="Apoyar",
                cadence="Mensual",
                modes=["video"],
                confidentiality="Confidencial",
            )


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Meta {n}")
