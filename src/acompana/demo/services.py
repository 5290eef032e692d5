"""Loading the demo program: deterministic, idempotent, built through the same models."""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from acompana.accounts.models import Membership, Role, User
from acompana.common import audit
from acompana.demo import data
from acompana.demo.agreements import demo_agreements_load
from acompana.demo.costs import demo_costs_load
from acompana.demo.fieldwork import demo_fieldwork_load
from acompana.demo.group_sessions import demo_group_sessions_load
from acompana.demo.health import demo_health_load
from acompana.demo.research import SECOND_CODER, demo_research_load
from acompana.demo.selection_training import demo_selection_training_load
from acompana.demo.surveys import demo_surveys_load
from acompana.demo.teachers import demo_teachers_accounts, demo_teachers_load
from acompana.frameworks.defaults import load_frameworks
from acompana.frameworks.models import Competency, Domain, Framework, Performance
from acompana.people.models import (
    BuddyPair,
    MenteeProfile,
    MentorProfile,
    Partnership,
    SpecialistAssignment,
)
from acompana.programs.models import Cohort, Modality, Program, Region, School
from acompana.training.models import BuddyMeeting
from acompana.visits.instruments import instruments_load_defaults
from acompana.visits.models import Instrument, InstrumentItem

PROGRAMS_SERVED_COHORTS = {1: [2021], 2: [2020, 2021], 3: [2019, 2020, 2021]}


def _password_hash(password: str) -> str:
    """One hash for every demo account: hashing ~80 times with argon2 would take seconds."""
    existing = User.objects.filter(email=f"coordinator@{data.DOMAIN}").first()
    if existing is not None and check_password(password, existing.password):
        return existing.password
    return make_password(password)


def _person(local: str, first: str, last: str, password_hash: str) -> User:
    user, _created = User.objects.update_or_create(
        email=f"{local}@{data.DOMAIN}",
        defaults={"first_name": first, "last_name": last, "preferred_language": "es"},
    )
    if user.password != password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    return user


def _member(user: User, program: Program, role: str) -> None:
    Membership.objects.get_or_create(user=user, program=program, role=role)


@transaction.atomic
def demo_load(*, password: str) -> Program:
    """Create or refresh the demo program "Mentoría a directivos" and its demo accounts, and
    the English demo program "Teacher Induction Program" (``demo.teachers``) with its own."""
    rng = random.Random(2021)
    password = _password_hash(password)
    # The shipped defaults come with the migrations; loading them again is a no-op, and makes
    # the demo work on a database whose tables were emptied.
    load_frameworks(Framework, Domain, Competency, Performance)
    instruments_load_defaults(Instrument, InstrumentItem, Performance)
    framework = Framework.objects.filter(slug="mbddir").first()
    program, _ = Program.objects.update_or_create(
        slug=data.PROGRAM_SLUG,
        defaults={
            "name": "Mentoría a directivos",
            "description": "Programa de mentoría a directivos de escuelas públicas rurales "
            "(datos de demostración basados en el estudio de Perú, 2019-2021).",
            "framework": framework,
        },
    )
    cohorts = {}
    for year, modality in [
        (2019, Modality.IN_PERSON),
        (2020, Modality.IN_PERSON),
        (2021, Modality.VIRTUAL),
    ]:
        cohorts[year], _ = Cohort.objects.update_or_create(
            program=program,
            year=year,
            name="",
            defaults={
                "modality": modality,
                "starts_on": datetime.date(year, 4, 1),
                "ends_on": datetime.date(year, 12, 15),
            },
        )
    regions = {
        name: Region.objects.get_or_create(program=program, name=name)[0]
        for name, _lat, _lon in data.REGIONS
    }
    competencies = (
        list(
            Competency.objects.filter(domain__framework=framework).order_by(
                "domain__position", "position"
            )
        )
        if framework
        else []
    )

    for local, first, last, role in data.STAFF:
        _member(_person(local, first, last, password), program, role)

    mentors = {}
    for index, (row, (first, last)) in enumerate(zip(data.TABLE3, data.MENTOR_NAMES, strict=True)):
        code, degree, teaching, management, accompaniment, assistance, served = row
        user = _person(f"mentor-{code.lower()}", first, last, password)
        region_name = data.REGIONS[index % len(data.REGIONS)][0]
        mentor, _ = MentorProfile.objects.update_or_create(
            program=program,
            code=code,
            defaults={
                "user": user,
                "region": regions[region_name],
                "highest_degree": degree,
                "teaching_years": Decimal(teaching),
                "management_years": management,
                "accompaniment_experience": accompaniment,
                "technical_assistance": assistance,
                "programs_served": data.DECLARED_AT_ENTRY,
                "capacity": 8,
                "languages": ["es", "qu"] if index % 2 == 0 else ["es"],
                "modality_preference": Modality.HYBRID if index % 3 else Modality.IN_PERSON,
                "teaching_philosophy": data.PHILOSOPHIES[index % len(data.PHILOSOPHIES)],
                "school_levels": ["primary", "secondary"] if index % 2 else ["primary", "initial"],
                "latitude": Decimal(f"{data.REGIONS[index % len(data.REGIONS)][1]:.6f}"),
                "longitude": Decimal(f"{data.REGIONS[index % len(data.REGIONS)][2]:.6f}"),
            },
        )
        mentor.cohorts.set([cohorts[y] for y in PROGRAMS_SERVED_COHORTS[served]])
        if competencies:
            mentor.strengths.set(rng.sample(competencies, 2))
        _member(user, program, Role.MENTOR)
        mentors[code] = mentor

    for local, first, last, codes, discipline in data.SPECIALISTS:
        specialist = _person(local, first, last, password)
        _member(specialist, program, Role.SPECIALIST)
        for code in codes:
            SpecialistAssignment.objects.update_or_create(
                program=program,
                specialist=specialist,
                mentor=mentors[code],
                defaults={"discipline": discipline},
            )

    mentor_list = list(mentors.values())
    assigned = data.MENTEE_COUNT - data.UNASSIGNED_MENTEES
    for n in range(1, data.MENTEE_COUNT + 1):
        region_name, lat, lon = data.REGIONS[(n - 1) % len(data.REGIONS)]
        level = [School.Level.PRIMARY, School.Level.SECONDARY, School.Level.INITIAL][n % 3]
        school, _ = School.objects.update_or_create(
            program=program,
            code=f"{1000000 + n * 137:07d}",
            defaults={
                "name": f"I.E. N.° {50000 + n * 7} {data.LAST_NAMES[n % len(data.LAST_NAMES)]}",
                "region": regions[region_name],
                "level": level,
                "area": School.Area.RURAL if n % 4 else School.Area.URBAN,
                "latitude": Decimal(f"{lat + rng.uniform(-0.6, 0.6):.6f}"),
                "longitude": Decimal(f"{lon + rng.uniform(-0.6, 0.6):.6f}"),
            },
        )
        first = data.FIRST_NAMES[(n * 7) % len(data.FIRST_NAMES)]
        last = (
            f"{data.LAST_NAMES[n % len(data.LAST_NAMES)]} "
            f"{data.LAST_NAMES[(n * 5 + 3) % len(data.LAST_NAMES)]}"
        )
        user = _person(f"principal-{n:02d}", first, last, password)
        position = (
            MenteeProfile.Position.ASSISTANT_PRINCIPAL
            if n % 5 == 0
            else MenteeProfile.Position.PRINCIPAL
        )
        mentee, _ = MenteeProfile.objects.update_or_create(
            program=program,
            code=f"D{n:02d}",
            defaults={
                "user": user,
                "school": school,
                "region": regions[region_name],
                "position": position,
                "years_in_position": Decimal(n % 9) + Decimal("0.5"),
                "languages": ["es", "qu"] if n % 3 == 0 else ["es"],
                "preferred_modality": [Modality.IN_PERSON, Modality.VIRTUAL, Modality.HYBRID][
                    n % 3
                ],
                "connectivity": [
                    MenteeProfile.Connectivity.LOW,
                    MenteeProfile.Connectivity.GOOD,
                    MenteeProfile.Connectivity.NONE,
                ][n % 3],
                "teaching_philosophy": data.PHILOSOPHIES[(n * 3) % len(data.PHILOSOPHIES)],
            },
        )
        mentee.cohorts.set([cohorts[2021]])
        if competencies:
            mentee.needs.set(rng.sample(competencies, 2))
        _member(user, program, Role.MENTEE)
        if n <= assigned:
            mentor = mentor_list[(n - 1) % len(mentor_list)]
            Partnership.objects.get_or_create(
                program=program,
                mentor=mentor,
                mentee=mentee,
                cohort=cohorts[2021],
                defaults={"started_on": datetime.date(2021, 4, 15)},
            )
    demo_selection_training_load(program=program, cohorts=cohorts)
    demo_fieldwork_load(program=program, cohorts=cohorts)
    demo_research_load(program=program, password_hash=password)
    demo_costs_load(program=program, cohorts=cohorts)
    demo_group_sessions_load(program=program, cohorts=cohorts)
    demo_agreements_load(program=program, cohorts=cohorts)
    demo_surveys_load(program=program, cohorts=cohorts)
    _demo_buddies(program=program, mentors=mentors, cohort=cohorts[2021])
    demo_health_load(program=program, cohort=cohorts[2021])
    audit.log("demo.loaded", program=program, target=program)
    # The second demo program, in English: teacher induction in the Philippines.
    demo_teachers_load(password_hash=password)
    return program


def _demo_buddies(*, program: Program, mentors: dict[str, MentorProfile], cohort: Cohort) -> None:
    """1A, in their first program, has 8H as buddy, with the informal meetings they logged."""
    pair, created = BuddyPair.objects.get_or_create(
        program=program,
        novice=mentors["1A"],
        buddy=mentors["8H"],
        defaults={"cohort": cohort, "started_on": datetime.date(2021, 3, 1)},
    )
    if created:
        BuddyMeeting.objects.bulk_create(
            BuddyMeeting(
                pair=pair,
                met_on=datetime.date(2021, month, 10),
                mode=mode,
                topics=topics,
                duration_minutes=minutes,
            )
            for month, mode, topics, minutes in [
                (3, "phone", "Cómo llenar el cuaderno de campo; primera visita", 40),
                (5, "video", "Preguntas reflexivas cuando el director se pone a la defensiva", 55),
                (8, "messaging", "Visitas reprogramadas por la conectividad", 20),
            ]
        )


def demo_accounts() -> list[dict[str, Any]]:
    """The demo accounts, for the start-up banner and the README."""
    accounts = [
        {"email": f"{local}@{data.DOMAIN}", "role": role} for local, _f, _l, role in data.STAFF
    ]
    accounts += [
        {"email": f"mentor-{row[0].lower()}@{data.DOMAIN}", "role": "mentor"} for row in data.TABLE3
    ]
    accounts += [
        {"email": f"{local}@{data.DOMAIN}", "role": "specialist"}
        for local, *_rest in data.SPECIALISTS
    ]
    accounts.append({"email": f"{SECOND_CODER[0]}@{data.DOMAIN}", "role": "researcher"})
    accounts.append(
        {
            "email": f"principal-01@{data.DOMAIN} … "
            f"principal-{data.MENTEE_COUNT:02d}@{data.DOMAIN}",
            "role": "mentee",
        }
    )
    return accounts + demo_teachers_accounts()
