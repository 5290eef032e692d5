"""The English demo program "Teacher Induction Program" (induccion-docente)."""

from typing import Any

import pytest

from acompana.accounts.models import Membership, User
from acompana.circles.models import Attendance, Circle, Commitment, Meeting, PrivateNote
from acompana.costs.models import ProtectedTime
from acompana.demo.teachers import demo_teachers_load
from acompana.growth.models import SelfAssessment, StrandEvidence, StrandRating
from acompana.journal.models import JournalEntry
from acompana.people.models import MenteeProfile, MentorProfile, Partnership
from acompana.programs.models import Program
from acompana.surveys.models import Distribution, Response

PASSWORD = "demo-pass-123"
DOMAIN = "demo.example.org"
ACCOUNTS = (
    ["tip-coordinator", "tip-head-1"]
    + [f"tip-mentor-{n}" for n in range(1, 5)]
    + [f"tip-teacher-{n:02d}" for n in range(1, 25)]
)


@pytest.fixture
def program(db):
    return demo_teachers_load(password=PASSWORD)


def test_the_teacher_program_is_in_english_on_the_ppst_with_exactly_its_accounts(program):
    assert (program.slug, program.name) == ("induccion-docente", "Teacher Induction Program")
    assert program.framework.slug == "ppst"
    assert program.framework.career_stages.count() == 4
    emails = set(Membership.objects.filter(program=program).values_list("user__email", flat=True))
    assert emails == {f"{local}@{DOMAIN}" for local in ACCOUNTS}
    assert set(
        User.objects.filter(email__in=emails).values_list("preferred_language", flat=True)
    ) == {"en"}
    teachers = MenteeProfile.objects.filter(program=program, position="teacher")
    assert teachers.count() == 24
    assert MentorProfile.objects.filter(program=program, highest_degree="master").count() == 4
    head = MenteeProfile.objects.get(program=program, user__email=f"tip-head-1@{DOMAIN}")
    assert head.position == "principal"
    assert teachers.filter(school=head.school).count() == 8


def test_the_teacher_program_has_its_circles_meetings_and_pairs(program):
    circles = Circle.objects.filter(program=program, status="active")
    kinds = sorted(circles.values_list("kind", flat=True))
    assert kinds == ["mentoring", "peer", "reciprocal", "reciprocal"]
    mentoring = circles.get(kind="mentoring")
    assert mentoring.mentor is not None and mentoring.mentor.code == "MT1"
    assert mentoring.members.count() == 6
    assert circles.get(kind="peer").members.count() == 5
    assert Partnership.objects.filter(program=program).count() == 9
    meetings = Meeting.objects.filter(circle__program=program)
    assert meetings.filter(status="done").count() >= 20
    # the mentoring circle's closing meeting is still to be recorded
    assert meetings.filter(status="planned", circle=mentoring).count() == 1
    assert Attendance.objects.filter(meeting__circle__program=program, present=False).exists()
    assert Commitment.objects.filter(meeting__circle__program=program, status="open").exists()
    assert Commitment.objects.filter(meeting__circle__program=program, status="done").exists()
    assert PrivateNote.objects.filter(meeting__circle__program=program).exists()
    # peer and reciprocal meetings are facilitated by members, in turn
    peer_facilitators = set(
        meetings.filter(circle__kind="peer").values_list("facilitator_member", flat=True)
    )
    assert len(peer_facilitators) > 1 and None not in peer_facilitators


def test_the_teacher_program_has_self_assessments_journals_protected_time_and_a_survey(program):
    assessments = SelfAssessment.objects.filter(program=program, submitted_at__isnull=False)
    assert assessments.filter(moment="start").count() == 12
    assert assessments.filter(moment="end").count() == 7
    assert StrandRating.objects.filter(assessment__program=program).count() == 19 * 37
    assert StrandEvidence.objects.filter(program=program).exists()
    # teacher 06 has not assessed themself: the browser journey does it
    assert not SelfAssessment.objects.filter(mentee__code="T06", program=program).exists()
    entries = JournalEntry.objects.filter(program=program)
    assert entries.filter(shared_with_mentor=True).exists()
    assert entries.filter(shared_circle__isnull=False).exists()
    assert entries.filter(shared_with_mentor=False, shared_circle__isnull=True).exists()
    protected = ProtectedTime.objects.filter(program=program)
    assert protected.count() == 3 * 8
    assert set(protected.values_list("approved_by__email", flat=True)) == {f"tip-head-1@{DOMAIN}"}
    survey = Distribution.objects.get(program=program)
    assert survey.questionnaire.template_key == "end_of_program"
    assert Response.objects.filter(distribution=survey).count() >= 15


def test_loading_the_teacher_program_twice_changes_nothing(program):
    models: list[Any] = [
        User,
        Membership,
        MenteeProfile,
        Partnership,
        Circle,
        Meeting,
        Commitment,
        SelfAssessment,
        JournalEntry,
        ProtectedTime,
        Response,
    ]
    counts = [m.objects.count() for m in models]
    demo_teachers_load(password=PASSWORD)
    assert counts == [m.objects.count() for m in models]


def test_the_demo_command_loads_both_programs(db):
    from django.core.management import call_command

    call_command("demo", "--password", PASSWORD)
    assert set(Program.objects.values_list("slug", flat=True)) >= {
        "mentoria-directivos",
        "induccion-docente",
    }
    assert User.objects.get(email=f"tip-teacher-24@{DOMAIN}").check_password(PASSWORD)


def test_each_teacher_program_account_signs_in_and_lands_on_its_program(program, client):
    for local in ACCOUNTS:
        client.logout()
        response = client.post(
            "/accounts/login/",
            {"username": f"{local}@{DOMAIN}", "password": PASSWORD},
            follow=True,
        )
        assert response.status_code == 200, local
        assert response.wsgi_request.user.email == f"{local}@{DOMAIN}"
        page = response.content.decode()
        assert "Teacher Induction Program" in page, local
        assert f"/p/{program.slug}/" in page, local
        assert 'lang="en"' in page, local


def test_the_teacher_program_pages_open_in_english_with_the_demo_records(program, client):
    circle = Circle.objects.get(program=program, kind="mentoring")
    meeting = Meeting.objects.filter(circle=circle, status="done").first()
    assert meeting is not None
    own = SelfAssessment.objects.get(program=program, mentee__code="T01", moment="end")
    survey = Distribution.objects.get(program=program)
    base = f"/p/{program.slug}"
    q4 = "?start=2025-10-01&end=2025-12-31"
    pages = {
        "tip-coordinator": [
            (f"{base}/circles/", "Peer circle · Early reading"),
            (f"{base}/circles/{circle.pk}/", circle.name),
            (f"{base}/circles/meetings/{meeting.pk}/", meeting.summary[:40]),
            (f"{base}/self-assessments/", "Reyes"),
            (f"{base}/costs/protected-time/{q4}", "Mabini Integrated School"),
            (f"{base}/costs/report/", "PHP"),
            (f"{base}/surveys/sent/{survey.pk}/", "End-of-program evaluation"),
        ],
        "tip-mentor-1": [
            (f"{base}/circles/{circle.pk}/", circle.name),
            (f"{base}/journal/shared/", "A lesson that worked"),
        ],
        "tip-teacher-01": [
            (f"{base}/journal/", "My first week"),
            (f"{base}/self-assessments/{own.pk}/", "Proficient"),
            (f"{base}/circles/{circle.pk}/", circle.name),
        ],
        "tip-head-1": [
            (f"{base}/costs/protected-time/{q4}", "2.0 h a week"),
        ],
    }
    for local, urls in pages.items():
        client.force_login(User.objects.get(email=f"{local}@{DOMAIN}"))
        for url, text in urls:
            response = client.get(url)
            assert response.status_code == 200, (local, url)
            page = response.content.decode()
            assert 'lang="en"' in page, (local, url)
            assert text in page, (local, url, text)


def test_the_teacher_program_keeps_private_notes_and_entries_with_their_author(program, client):
    circle = Circle.objects.get(program=program, kind="mentoring")
    meeting = Meeting.objects.filter(circle=circle, status="done").first()
    assert meeting is not None
    url = f"/p/{program.slug}/circles/meetings/{meeting.pk}/"
    private = "who needs a follow-up call"
    client.force_login(User.objects.get(email=f"tip-mentor-1@{DOMAIN}"))
    assert private in client.get(url).content.decode()
    shared = client.get(f"/p/{program.slug}/journal/shared/").content.decode()
    assert "A lesson that worked" in shared and "My first week" not in shared
    client.force_login(User.objects.get(email=f"tip-teacher-02@{DOMAIN}"))
    page = client.get(url).content.decode()
    assert meeting.summary in page and private not in page
