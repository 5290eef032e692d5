"""The second demo program, "Teacher Induction Program" (``induccion-docente``), in English: a
Philippine schools division in the school year 2025-2026 (times in Asia/Manila), where newly
hired teachers are mentored by master teachers against the PPST.

Twenty-four teachers of three schools: six in a mentoring circle with a master teacher, five in
a peer circle whose facilitator rotates, two reciprocal coaching pairs and nine in one-to-one
partnerships with the other three master teachers. The circles met over the year (attendance,
shared records, commitments per member, private notes, goals on PPST strands); twelve teachers
assessed themselves against the PPST career stages at the start and seven at the end, with the
mentor's evidence; teachers kept journals and shared some entries; the head of Mabini
Integrated School approved protected time for its teachers each term; an end-of-program survey
was answered.

Accounts and profiles are refreshed on every load; each kind of record is added once (a
program that has it already is left as it is), so loading twice neither fails nor duplicates.
Rows are written directly, with the dates of the school year (the services would stamp today).
"""

import datetime
import random
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from acompana.accounts.models import Membership, Role, User
from acompana.circles.models import (
    Attendance,
    Circle,
    Commitment,
    Goal,
    GoalProgress,
    Kind,
    Meeting,
    Member,
    PrivateNote,
)
from acompana.common import audit
from acompana.costs.models import CostSettings, ProtectedTime
from acompana.demo import teachers_data as data
from acompana.demo.data import DOMAIN
from acompana.demo.surveys import _survey
from acompana.frameworks.defaults import load_frameworks
from acompana.frameworks.models import CareerStage, Competency, Domain, Framework, Performance
from acompana.growth.models import Moment, SelfAssessment, StrandEvidence, StrandRating
from acompana.journal.models import JournalEntry
from acompana.people.models import CareerStage as Stage
from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.programs.models import Cohort, Modality, Program, Region, School
from acompana.surveys.models import Distribution, Questionnaire
from acompana.surveys.services import questionnaire_from_template

ZONE = ZoneInfo(data.TIME_ZONE)
STARTS_ON = datetime.date(2025, 6, 16)
ENDS_ON = datetime.date(2026, 3, 31)
TEACHERS_COHORT = "Newly hired teachers 2025-2026"
HEADS_COHORT = "School heads 2025-2026"
# Calendar quarters (the terms protected time is approved for) of the school year.
TERMS = [
    (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30)),
    (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)),
    (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
]


def at(day: datetime.date, hour: int = 15, minute: int = 0) -> datetime.datetime:
    """A moment of the school year in Manila."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZONE)


def teacher_email(n: int) -> str:
    return f"{data.PREFIX}-teacher-{n:02d}@{DOMAIN}"


def mentor_email(n: int) -> str:
    return f"{data.PREFIX}-mentor-{n}@{DOMAIN}"


COORDINATOR_EMAIL = f"{data.PREFIX}-coordinator@{DOMAIN}"
HEAD_EMAIL = f"{data.PREFIX}-head-1@{DOMAIN}"


def _password_hash(password: str) -> str:
    existing = User.objects.filter(email=COORDINATOR_EMAIL).first()
    if existing is not None and check_password(password, existing.password):
        return existing.password
    return make_password(password)


def _person(email: str, first: str, last: str, password_hash: str) -> User:
    user, _created = User.objects.update_or_create(
        email=email,
        defaults={"first_name": first, "last_name": last, "preferred_language": data.LANGUAGE},
    )
    if user.password != password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    return user


def _member(user: User, program: Program, role: str) -> None:
    Membership.objects.get_or_create(user=user, program=program, role=role)


class _World:
    """The program's people, as loaded."""

    program: Program
    cohort: Cohort
    coordinator: User
    head: MenteeProfile
    schools: list[School]
    mentors: dict[int, MentorProfile]
    teachers: dict[int, MenteeProfile]


@transaction.atomic
def demo_teachers_load(*, password: str = "", password_hash: str = "") -> Program:
    """Create or refresh the teacher-induction demo program and its accounts (``password`` in
    clear, or its ``password_hash`` when the caller already hashed it)."""
    password_hash = password_hash or _password_hash(password)
    load_frameworks(Framework, Domain, Competency, Performance, CareerStage)
    world = _people(password_hash)
    program = world.program
    if not Circle.objects.filter(program=program).exists():
        _circles(world)
    if not SelfAssessment.objects.filter(program=program).exists():
        _self_assessments(world)
    if not JournalEntry.objects.filter(program=program).exists():
        _journals(world)
    CostSettings.objects.update_or_create(
        program=program, defaults={"currency": "PHP", "teacher_hour_rate": Decimal("250.00")}
    )
    if not ProtectedTime.objects.filter(program=program).exists():
        _protected_time(world)
    _end_survey(world)
    audit.log("demo.loaded", program=program, target=program)
    return program


def _people(password_hash: str) -> _World:
    world = _World()
    framework = Framework.objects.filter(slug="ppst").first()
    program, _ = Program.objects.update_or_create(
        slug=data.PROGRAM_SLUG,
        defaults={
            "name": data.PROGRAM_NAME,
            "description": "Induction and mentoring of newly hired public school teachers by "
            "master teachers, against the Philippine Professional Standards for Teachers "
            "(demo data, school year 2025-2026; in English, times in Asia/Manila).",
            "framework": framework,
            "time_zone": data.TIME_ZONE,
            "language": data.LANGUAGE,
        },
    )
    world.program = program
    world.cohort, _ = Cohort.objects.update_or_create(
        program=program,
        year=2025,
        name=TEACHERS_COHORT,
        defaults={"modality": Modality.IN_PERSON, "starts_on": STARTS_ON, "ends_on": ENDS_ON},
    )
    heads, _ = Cohort.objects.update_or_create(
        program=program,
        year=2025,
        name=HEADS_COHORT,
        defaults={"modality": Modality.HYBRID, "starts_on": STARTS_ON, "ends_on": ENDS_ON},
    )
    region, _ = Region.objects.get_or_create(program=program, name=data.REGION)
    world.schools = [
        School.objects.update_or_create(
            program=program,
            code=code,
            defaults={"name": name, "region": region, "level": level, "area": School.Area.URBAN},
        )[0]
        for code, name, level in data.SCHOOLS
    ]
    world.coordinator = _person(COORDINATOR_EMAIL, *data.COORDINATOR, password_hash)
    _member(world.coordinator, program, Role.COORDINATOR)

    head_user = _person(HEAD_EMAIL, *data.HEAD, password_hash)
    world.head, _ = MenteeProfile.objects.update_or_create(
        program=program,
        code="H01",
        defaults={
            "user": head_user,
            "school": world.schools[0],
            "region": region,
            "position": MenteeProfile.Position.PRINCIPAL,
            "years_in_position": Decimal("6"),
            "languages": ["en", "fil"],
            "preferred_modality": Modality.HYBRID,
            "connectivity": MenteeProfile.Connectivity.GOOD,
        },
    )
    world.head.cohorts.set([heads])
    _member(head_user, program, Role.MENTEE)

    world.mentors = {}
    for n, (first, last, years, school) in enumerate(data.MENTORS, start=1):
        user = _person(mentor_email(n), first, last, password_hash)
        mentor, _ = MentorProfile.objects.update_or_create(
            program=program,
            code=f"MT{n}",
            defaults={
                "user": user,
                "region": region,
                "school": world.schools[school],
                "highest_degree": "master",
                "teaching_years": Decimal(years),
                "management_years": Decimal("0"),
                "accompaniment_experience": True,
                "technical_assistance": n == 1,
                "programs_served": 2,
                "capacity": 6,
                "languages": ["en", "fil"],
                "modality_preference": Modality.IN_PERSON,
                "teaching_philosophy": data.PHILOSOPHIES[(n + 1) % len(data.PHILOSOPHIES)],
                "school_levels": ["secondary"] if n != 2 else ["primary"],
            },
        )
        mentor.cohorts.set([world.cohort])
        _member(user, program, Role.MENTOR)
        world.mentors[n] = mentor

    world.teachers = {}
    for n, (first, last) in enumerate(data.TEACHER_NAMES, start=1):
        user = _person(teacher_email(n), first, last, password_hash)
        at_school = world.schools[(n - 1) % len(world.schools)]
        primary = at_school.level == School.Level.PRIMARY
        teacher, _ = MenteeProfile.objects.update_or_create(
            program=program,
            code=f"T{n:02d}",
            defaults={
                "user": user,
                "school": at_school,
                "region": region,
                "position": MenteeProfile.Position.TEACHER,
                "years_in_position": Decimal("0.5") if n % 5 else Decimal("1.5"),
                "languages": ["en", "fil"],
                "preferred_modality": Modality.IN_PERSON,
                "connectivity": MenteeProfile.Connectivity.GOOD,
                "teaching_philosophy": data.PHILOSOPHIES[n % len(data.PHILOSOPHIES)],
                "subject": "Reading" if primary else data.SUBJECTS[n % len(data.SUBJECTS)],
                "grade_level": f"Grade {1 + n % 6}" if primary else data.GRADES[n % 4],
                "career_stage": Stage.PROFICIENT if n % 5 == 0 else Stage.BEGINNING,
            },
        )
        teacher.cohorts.set([world.cohort])
        _member(user, program, Role.MENTEE)
        world.teachers[n] = teacher

    for mentor_n, teacher_ns in data.PARTNERS.items():
        for n in teacher_ns:
            Partnership.objects.get_or_create(
                program=program,
                mentor=world.mentors[mentor_n],
                mentee=world.teachers[n],
                cohort=world.cohort,
                defaults={"started_on": datetime.date(2025, 6, 23)},
            )
    return world


def _strand(program: Program, code: str) -> Competency | None:
    return Competency.objects.filter(domain__framework=program.framework_id, code=code).first()


def _circle(
    world: _World, *, kind: str, name: str, purpose: str, members: list[int], mentor: Any = None
) -> Circle:
    circle = Circle.objects.create(
        program=world.program,
        cohort=world.cohort,
        kind=kind,
        name=name,
        purpose=purpose,
        status=Circle.Status.ACTIVE,
        mentor=mentor,
        created_by=world.coordinator,
    )
    Member.objects.bulk_create(
        Member(circle=circle, mentee=world.teachers[n], joined_on=datetime.date(2025, 6, 23))
        for n in members
    )
    return circle


def _meetings(
    world: _World,
    circle: Circle,
    *,
    members: list[int],
    days: list[datetime.date],
    rng: random.Random,
    planned_last: bool = False,
) -> None:
    """The circle's meetings on ``days``: all held and recorded (the last one only planned
    with ``planned_last``), with attendance, the shared record and two members' commitments
    (done, except those of the last two meetings held); the facilitator's private note."""
    mentor_user = circle.mentor.user if circle.mentor else None
    held = days[:-1] if planned_last else days
    for i, day in enumerate(days):
        facilitator = None if circle.mentor else world.teachers[members[i % len(members)]]
        done = day in held
        summary = data.MEETING_SUMMARIES[i % len(data.MEETING_SUMMARIES)]
        meeting = Meeting.objects.create(
            circle=circle,
            starts_at=at(day),
            duration_minutes=90 if circle.kind != Kind.RECIPROCAL else 60,
            mode="in_person" if i % 3 else "video",
            place="Mabini Integrated School, faculty room" if i % 3 else "Google Meet",
            facilitator_mentor=circle.mentor,
            facilitator_member=facilitator,
            status=Meeting.Status.DONE if done else Meeting.Status.PLANNED,
            summary=summary if done else "",
            agreed="Each of us tries one change in class before the next meeting." if done else "",
            version=1 if done else 0,
            recorded_by=(mentor_user or (facilitator.user if facilitator else None))
            if done
            else None,
        )
        Attendance.objects.bulk_create(
            Attendance(
                meeting=meeting,
                mentee=world.teachers[n],
                present=(rng.random() > 0.12) if done else None,
            )
            for n in members
        )
        if not done:
            continue
        open_ = i >= len(held) - 2
        for k in rng.sample(members, min(2, len(members))):
            Commitment.objects.create(
                meeting=meeting,
                mentee=world.teachers[k],
                text=data.COMMITMENTS[(i + k) % len(data.COMMITMENTS)],
                due_on=day + datetime.timedelta(days=21),
                status=Commitment.Status.OPEN if open_ else Commitment.Status.DONE,
                closed_at=None if open_ else at(day + datetime.timedelta(days=20), 17),
                closed_by=None if open_ else world.teachers[k].user,
            )
        author = mentor_user or (facilitator.user if facilitator else None)
        if author is not None:
            PrivateNote.objects.create(
                meeting=meeting,
                author=author,
                text="Private: who needs a follow-up call, and why, before the next meeting.",
                version=1,
            )


def _goal(world: _World, circle: Circle, *, strand: str, title: str, author: User) -> None:
    goal = Goal.objects.create(
        circle=circle,
        competency=_strand(world.program, strand),
        title=title,
        success_criteria="Seen in two observed lessons of each member.",
        target_date=datetime.date(2026, 3, 15),
        created_by=author,
    )
    GoalProgress.objects.bulk_create(
        GoalProgress(goal=goal, percent=p, note=note, recorded_on=day, author=author)
        for p, note, day in [
            (30, "First tries in class.", datetime.date(2025, 9, 30)),
            (70, "Most of us do it in every lesson now.", datetime.date(2026, 1, 31)),
        ]
    )


def _monthly(months: list[tuple[int, int]], day: int) -> list[datetime.date]:
    return [datetime.date(y, m, day) for y, m in months]


SCHOOL_YEAR = [(2025, month) for month in range(7, 13)] + [(2026, month) for month in (1, 2, 3)]


def _circles(world: _World) -> None:
    rng = random.Random(2025)
    mentor = world.mentors[1]
    circle = _circle(
        world,
        kind=Kind.MENTORING,
        name="Mentoring circle · Science and Mathematics",
        purpose="Newly hired high-school teachers of Science and Mathematics meet monthly with "
        "a master teacher.",
        members=data.MENTORING_CIRCLE,
        mentor=mentor,
    )
    _meetings(
        world,
        circle,
        members=data.MENTORING_CIRCLE,
        days=[*_monthly(SCHOOL_YEAR, 10), datetime.date(2026, 3, 26)],
        rng=rng,
        planned_last=True,
    )
    _goal(
        world,
        circle,
        strand="5.1",
        title="Use formative assessment in every lesson",
        author=mentor.user,
    )
    peers = _circle(
        world,
        kind=Kind.PEER,
        name="Peer circle · Early reading",
        purpose="Teachers who teach reading meet every month; the facilitator rotates.",
        members=data.PEER_CIRCLE,
    )
    _meetings(world, peers, members=data.PEER_CIRCLE, days=_monthly(SCHOOL_YEAR[1:7], 14), rng=rng)
    _goal(
        world,
        peers,
        strand="1.4",
        title="Two reading levels in every reading lesson",
        author=world.teachers[data.PEER_CIRCLE[0]].user,
    )
    for a, b in data.RECIPROCAL_PAIRS:
        pair = _circle(
            world,
            kind=Kind.RECIPROCAL,
            name=f"Reciprocal coaching · {world.teachers[a].user.first_name} and "
            f"{world.teachers[b].user.first_name}",
            purpose="Two teachers observe each other's lessons and coach each other.",
            members=[a, b],
        )
        _meetings(world, pair, members=[a, b], days=_monthly(SCHOOL_YEAR[::2], 20), rng=rng)
        _goal(
            world,
            pair,
            strand="2.3",
            title="Routines that keep the class on task",
            author=world.teachers[a].user,
        )


def _self_assessments(world: _World) -> None:
    rng = random.Random(37)
    framework = world.program.framework
    if framework is None:
        return
    stages = list(CareerStage.objects.filter(framework=framework).order_by("position"))
    strands = list(
        Competency.objects.filter(domain__framework=framework).order_by(
            "domain__position", "position"
        )
    )
    if len(stages) < 3 or not strands:
        return
    start_levels: dict[tuple[int, int], int] = {}
    for moment, numbers, day in [
        (Moment.START, data.ASSESSED_AT_START, datetime.date(2025, 7, 4)),
        (Moment.END, data.ASSESSED_AT_END, datetime.date(2026, 3, 20)),
    ]:
        for n in numbers:
            teacher = world.teachers[n]
            assessment = SelfAssessment.objects.create(
                program=world.program,
                cohort=world.cohort,
                mentee=teacher,
                framework=framework,
                moment=moment,
                revision=2,
                submitted_at=at(day, 16),
                submitted_by=teacher.user,
            )
            ratings = []
            for strand in strands:
                if moment == Moment.START:
                    level = 1 if rng.random() < 0.2 else 0
                    start_levels[(n, strand.pk)] = level
                else:
                    level = min(2, start_levels[(n, strand.pk)] + (rng.random() < 0.55))
                ratings.append(
                    StrandRating(assessment=assessment, competency=strand, stage=stages[level])
                )
            StrandRating.objects.bulk_create(ratings)
    evidence = [
        ("5.1", "Used exit slips in the observed lesson and regrouped learners the next day."),
        ("2.3", "Routines posted and followed; transitions took less than a minute."),
    ]
    mentor = world.mentors[1]
    for n in data.MENTORING_CIRCLE[:4]:
        for code, text in evidence:
            evidence_strand = _strand(world.program, code)
            if evidence_strand is not None:
                StrandEvidence.objects.create(
                    program=world.program,
                    cohort=world.cohort,
                    mentee=world.teachers[n],
                    competency=evidence_strand,
                    text=text,
                    author=mentor.user,
                )


def _journals(world: _World) -> None:
    circles = {m.mentee_id: m.circle for m in Member.objects.filter(circle__program=world.program)}
    partnered = {n for ns in data.PARTNERS.values() for n in ns}
    days = [datetime.date(2025, 6, 20), datetime.date(2025, 8, 22), datetime.date(2025, 9, 12)]
    days.append(datetime.date(2025, 11, 7))
    for n in [1, 2, 3, 7, 8, 12, 13, 16, 17, 19, 22]:
        teacher = world.teachers[n]
        for i, ((title, text), day) in enumerate(zip(data.JOURNAL, days, strict=True)):
            if (n + i) % 4 == 3:
                continue  # not every teacher writes every time
            # Every teacher shares one entry (the second written); the rest stay private.
            share = i == 1
            circle = circles.get(teacher.pk) if share else None
            with_mentor = share and n in partnered
            shared_at = at(day, 20) if share else None
            JournalEntry.objects.create(
                program=world.program,
                mentee=teacher,
                written_on=day,
                title=title,
                text=text,
                shared_with_mentor=with_mentor,
                shared_with_mentor_at=shared_at if with_mentor else None,
                shared_circle=circle,
                shared_circle_at=shared_at if circle else None,
            )


def _protected_time(world: _World) -> None:
    school = world.schools[0]
    teachers = [t for t in world.teachers.values() if t.school_id == school.pk]
    for term_start, term_end in TERMS:
        for teacher in teachers:
            weekly = teacher.code != "T22"
            ProtectedTime.objects.create(
                program=world.program,
                mentee=teacher,
                school=school,
                term_start=term_start,
                term_end=term_end,
                hours_per_week=Decimal("2") if weekly else None,
                total_hours=None if weekly else Decimal("20"),
                note="Circle meetings and one peer observation a week."
                if weekly
                else "Fridays of the mentoring weeks.",
                approved_by=world.head.user,
                approved_at=at(term_start - datetime.timedelta(days=7), 9),
            )


def _english_answer(teacher: MenteeProfile, questionnaire: Any, rng: random.Random) -> Any:
    if rng.random() < 0.15:
        return None

    def pick(question: Any) -> Any:
        if question.kind == "likert":
            return rng.choice([3, 4, 4, 5, 5])
        if question.kind == "single":
            return rng.choice([0, 0, 0, 1])
        if question.kind == "multiple":
            return [1, 3]
        if question.kind == "number":
            return rng.randint(6, 12)
        return rng.choice(data.OPEN_ANSWERS) if rng.random() < 0.6 else ""

    return pick


def _end_survey(world: _World) -> None:
    questionnaire = Questionnaire.objects.filter(
        program=world.program, template_key="end_of_program", version=1
    ).first() or questionnaire_from_template(
        program=world.program, key="end_of_program", actor=None
    )
    _survey(
        program=world.program,
        questionnaire=questionnaire,
        cohort=world.cohort,
        role=Role.MENTEE,
        trigger=Distribution.Trigger.END_OF_PROGRAM,
        opens_on=datetime.date(2026, 3, 16),
        people=[world.teachers[n] for n in sorted(world.teachers)],
        answer=_english_answer,
        seed=2026,
    )


def demo_teachers_accounts() -> list[dict[str, Any]]:
    """The teacher-induction program's demo accounts, for the start-up banner and the README."""
    return [
        {"email": COORDINATOR_EMAIL, "role": "coordinator"},
        {"email": f"{mentor_email(1)} … {mentor_email(len(data.MENTORS))}", "role": "mentor"},
        {
            "email": f"{teacher_email(1)} … {teacher_email(len(data.TEACHER_NAMES))}",
            "role": "mentee",
        },
        {"email": HEAD_EMAIL, "role": "mentee (school head)"},
    ]
