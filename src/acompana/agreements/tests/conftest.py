import pytest

from acompana.agreements import services
from acompana.agreements.models import Agreement
from acompana.frameworks.models import Competency, Domain, Framework
from acompana.people.models import Partnership


@pytest.fixture
def pair(world) -> Partnership:
    """The partnership of ``mentor`` and ``mentee``."""
    return Partnership.objects.get(mentor=world.mentor_profile, mentee=world.mentee_profile)


@pytest.fixture
def other_pair(world) -> Partnership:
    return Partnership.objects.get(
        mentor=world.other_mentor_profile, mentee=world.other_mentee_profile
    )


@pytest.fixture
def competencies(world) -> list[Competency]:
    """Two competencies of the program's framework."""
    framework = Framework.objects.create(slug="marco-acuerdos", name="Marco", audience="principals")
    world.program.framework = framework
    world.program.save(update_fields=["framework"])
    domain = Domain.objects.create(framework=framework, code="A", name="Dominio A")
    return [
        Competency.objects.create(domain=domain, code=f"A{n}", name=f"Competencia {n}", position=n)
        for n in (1, 2)
    ]


def issue(world, partnership: Partnership, **kwargs) -> Agreement:
    """Issue ``partnership``'s agreement from the program's default Spanish template."""
    template = services.template_defaults_ensure(program=world.program)[0]
    kwargs.setdefault("notify", False)
    return services.agreement_issue(
        partnership=partnership, template=template, actor=world.coordinator, **kwargs
    )


def acknowledge_all(world, agreement: Agreement) -> None:
    for party, user in [
        ("mentor", world.mentor),
        ("mentee", world.mentee),
        ("coordinator", world.coordinator),
    ]:
        services.agreement_acknowledge(
            agreement=agreement, number=agreement.current_number, party=party, user=user
        )
