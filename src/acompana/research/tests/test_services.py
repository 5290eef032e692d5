# ruff: noqa: F811  (pytest fixtures imported from test_services_setup)
"""The research services: studies, participants, documents, the code tree, coding, memos."""

import codecs
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.common.models import AuditEntry
from acompana.research import defaults, services
from acompana.research.models import (
    Code,
    Document,
    Memo,
    Participant,
    ParticipantIdentity,
    Segment,
    StudyMember,
    Variable,
)
from acompana.research.tests.test_services_setup import (  # noqa: F401
    TRANSCRIPT,
    code_named,
    coded,
    span,
    study,
    transcript,
)
from acompana.visits import services as visit_services

pytestmark = pytest.mark.django_db


# --- Studies ----------------------------------------------------------------------------------


def test_creating_a_study_makes_the_creator_lead_member_r1(study, world):
    member = StudyMember.objects.get(study=study)
    assert (member.user, member.code_name, member.is_lead, member.identity_access) == (
        world.researcher,
        "R1",
        True,
        False,
    )
    assert AuditEntry.objects.filter(action="research.study.create").exists()


def test_the_demo_codebook_is_table_2_with_categories_and_emergent_codes(study):
    roots = list(Code.objects.filter(study=study, parent=None).order_by("order"))
    assert [c.name for c in roots] == [name for name, *_rest in defaults.TABLE2]
    assert not any(c.is_codable for c in roots)
    children = Code.objects.filter(study=study, parent__isnull=False)
    assert children.count() == sum(len(rows) for *_r, rows in defaults.TABLE2) == 13
    assert all(c.is_codable for c in children)
    emergent = set(children.filter(origin="emergent").values_list("name", flat=True))
    assert "Mentores sin experiencia directiva" in emergent
    assert "Reuniones informales de mentores nuevos" in emergent
    assert "Inducción del mentor" not in emergent
    assert len(emergent) == 7


def test_enrolling_mentors_uses_their_code_links_identity_and_fills_typed_attributes(study, world):
    participant = Participant.objects.get(study=study, code_name="7G")
    identity = ParticipantIdentity.objects.get(participant=participant)
    assert identity.mentor == world.mentor_profile
    assert identity.full_name == "Marleny Yupanqui Soto"
    attributes = participant.attributes
    assert attributes[defaults.ATTR_ROLE] == "mentor"
    assert attributes[defaults.ATTR_MANAGEMENT] == 2.5
    assert attributes[defaults.ATTR_HAS_MANAGEMENT] is True
    assert attributes[defaults.ATTR_COHORTS] == "2026"
    types = dict(Variable.objects.filter(study=study).values_list("name", "type"))
    assert types[defaults.ATTR_HAS_MANAGEMENT] == "Boolean"
    assert types[defaults.ATTR_PROGRAMS] == "Integer"
    assert types[defaults.ATTR_TEACHING] == "Float"
    assert Participant.objects.filter(study=study).count() == 2


def test_audit_entries_of_enrolment_carry_no_real_name(study):
    for entry in AuditEntry.objects.filter(action__startswith="research."):
        text = f"{entry.target_repr} {entry.data}"
        assert "Marleny" not in text and "Yupanqui" not in text


def test_a_second_study_with_the_same_slug_is_refused(study, world):
    with pytest.raises(ValidationError):
        services.study_create(
            program=world.program, actor=world.researcher, title="Otra", slug="formacion"
        )


@pytest.mark.parametrize("persona", ["mentor", "mentee", "specialist", "trainer", "outsider"])
def test_only_coordinators_and_researchers_create_studies(world, persona):
    with pytest.raises(PermissionDenied):
        services.study_create(
            program=world.program, actor=world.persona(persona), title="X", slug="x"
        )


def test_only_a_coordinator_allows_fieldwork_documents(study, world):
    with pytest.raises(PermissionDenied):
        services.study_update(study=study, actor=world.researcher, fieldwork_documents_allowed=True)
    services.study_update(study=study, actor=world.researcher, title="Nuevo título")
    services.study_update(study=study, actor=world.coordinator, fieldwork_documents_allowed=True)
    study.refresh_from_db()
    assert study.fieldwork_documents_allowed and study.title == "Nuevo título"


def test_only_a_coordinator_grants_identity_access(study, world):
    member = StudyMember.objects.get(study=study, user=world.researcher)
    with pytest.raises(PermissionDenied):
        services.study_identity_access_set(member=member, actor=world.researcher, granted=True)
    services.study_identity_access_set(member=member, actor=world.coordinator, granted=True)
    member.refresh_from_db()
    assert member.identity_access


def test_members_are_researchers_of_the_program_with_unique_code_names(study, world):
    with pytest.raises(ValidationError):
        services.study_member_add(
            study=study, actor=world.researcher, user=world.mentor, code_name="R2"
        )
    with pytest.raises(ValidationError):
        services.study_member_add(
            study=study, actor=world.coordinator, user=world.coordinator, code_name="R1"
        )
    member = services.study_member_add(
        study=study, actor=world.researcher, user=world.coordinator, code_name="C1"
    )
    assert member.code_name == "C1" and not member.identity_access


# --- Participants -----------------------------------------------------------------------------


def test_participant_code_names_are_unique_in_a_study(study, world):
    with pytest.raises(ValidationError):
        services.participant_enrol(study=study, actor=world.researcher, code_name="7G")


def test_participant_attributes_are_checked_against_their_types(study, world):
    participant = Participant.objects.get(study=study, code_name="7G")
    services.participant_update(
        participant=participant,
        actor=world.researcher,
        attributes={defaults.ATTR_PROGRAMS: "3", "Interview language": "quechua"},
    )
    participant.refresh_from_db()
    assert participant.attributes == {defaults.ATTR_PROGRAMS: 3, "Interview language": "quechua"}
    assert Variable.objects.get(study=study, name="Interview language").type == "Text"
    with pytest.raises(ValidationError):
        services.participant_update(
            participant=participant,
            actor=world.researcher,
            attributes={defaults.ATTR_HAS_MANAGEMENT: "perhaps"},
        )


def test_refreshing_attributes_reads_the_profile_again_and_keeps_the_others(study, world):
    participant = Participant.objects.get(study=study, code_name="7G")
    services.participant_update(
        participant=participant,
        actor=world.researcher,
        attributes={**participant.attributes, "Notes": "x", defaults.ATTR_PROGRAMS: 9},
    )
    world.mentor_profile.programs_served = 1
    world.mentor_profile.save()
    services.participant_attributes_refresh(participant=participant, actor=world.researcher)
    participant.refresh_from_db()
    assert participant.attributes[defaults.ATTR_PROGRAMS] == 1
    assert participant.attributes[defaults.ATTR_EXPERIENCE] == "novice"
    assert participant.attributes["Notes"] == "x"


# --- Documents --------------------------------------------------------------------------------


def test_typed_text_has_its_newlines_normalized(study, world):
    document = services.document_add(
        study=study, actor=world.researcher, name="A", text="uno\r\ndos\rtres", kind="other"
    )
    assert document.text == "uno\ndos\ntres"
    assert document.created_by.code_name == "R1"


def docx(paragraphs: list[str]) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml.encode("utf-8"))
    return buffer.getvalue()


TEXT = "Entrevistadora: ¿Qué significó la inducción?\r\n7G: Mucho, señora."


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("a.txt", TEXT.encode("utf-8")),
        ("a.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("a.txt", TEXT.encode("utf-16")),
        ("a.txt", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
        ("a.TXT", TEXT.encode("cp1252")),
        ("a.docx", docx(TEXT.split("\r\n"))),
    ],
)
def test_uploaded_transcripts_are_decoded_to_the_same_text(study, world, filename, data):
    document = services.document_upload(
        study=study,
        actor=world.researcher,
        upload=SimpleUploadedFile(filename, data),
        kind="transcript",
    )
    assert document.text == TEXT.replace("\r\n", "\n")
    assert document.name == "a"


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "Only plain text"),
        ("a.txt", b"", "empty"),
        ("a.txt", b"x" * (5 * 1024 * 1024 + 1), "too large"),
        ("a.txt", b"\x81\x8d\x8f\x90", "encoding"),
        ("a.txt", b"ab\x00cd", "could not be read"),
        ("a.docx", b"not a zip", "not a valid DOCX"),
        ("a.txt", b"   \n  ", "no text"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(study, world, filename, data, message):
    with pytest.raises(ValidationError) as refused:
        services.document_upload(
            study=study,
            actor=world.researcher,
            upload=SimpleUploadedFile(filename, data),
            kind="transcript",
        )
    assert message in " ".join(refused.value.messages)
    assert not Document.objects.exists()


@pytest.fixture
def visit(world):
    visit = visit_services.visit_schedule(
        mentor=world.mentor_profile,
        mentee=world.mentee_profile,
        scheduled_at=timezone.now(),
        mode="in_person",
        actor=world.mentor,
    )
    mentee_user = world.mentee_profile.user
    mentee_user.first_name, mentee_user.last_name = "Nélida", "Cusi Tito"
    mentee_user.save()
    school = world.mentee_profile.school
    visit_services.field_note_save(
        visit=visit,
        data={
            "events": f"Marleny Yupanqui visitó a la directora Nélida Cusi en {school.name} "
            f"(código {school.code}); Nélida propuso un GIA. Lo comenté con "
            f"{world.specialist.get_full_name()}.",
        },
        base_version=0,
        actor=world.mentor,
    )
    return visit


def test_fieldwork_documents_need_the_coordinators_permission(study, world, visit):
    with pytest.raises(ValidationError):
        services.document_from_visit(
            study=study, actor=world.researcher, visit=visit, part="notebook"
        )


def test_a_notebook_entry_becomes_a_pseudonymized_document(study, world, visit):
    services.study_update(study=study, actor=world.coordinator, fieldwork_documents_allowed=True)
    document = services.document_from_visit(
        study=study, actor=world.researcher, visit=visit, part="notebook"
    )
    school = world.mentee_profile.school
    for secret in [
        "Marleny",
        "Yupanqui",
        "Nélida",
        "Cusi",
        school.name,
        school.code,
        world.specialist.last_name,
    ]:
        assert secret not in document.text
    code = world.mentee_profile.code
    assert f"7G visitó a la directora {code} en [school of {code}]" in document.text
    assert f"; {code} propuso un GIA" in document.text
    assert "[person]" in document.text
    assert document.kind == "notebook" and document.source_visit == visit
    assert document.participant.code_name == "7G"
    with pytest.raises(ValidationError):
        services.document_from_visit(
            study=study, actor=world.researcher, visit=visit, part="notebook"
        )


# --- Codes ------------------------------------------------------------------------------------


def test_a_code_cannot_move_under_itself_or_its_descendants(study, world):
    category = code_named(study, "Procesos formativos previos")
    child = code_named(study, "Inducción del mentor")
    with pytest.raises(ValidationError):
        services.code_move(code=category, actor=world.researcher, parent=child)
    with pytest.raises(ValidationError):
        services.code_move(code=category, actor=world.researcher, parent=category)
    other = code_named(study, "Procesos formativos durante la mentoría")
    services.code_move(code=child, actor=world.researcher, parent=other, position=0)
    child.refresh_from_db()
    assert child.parent == other
    assert other.children.order_by("order").first() == child


def test_merging_moves_segments_memos_and_children_and_joins_duplicates(study, world, coded):
    source = code_named(study, "Inducción del mentor")
    target = code_named(study, "Diferencias en la inducción de nuevos mentores")
    services.memo_write(study=study, actor=world.researcher, title="m", text="t", code=source)
    services.code_create(study=study, actor=world.researcher, name="Sub", parent=source)
    before = Segment.objects.filter(document=coded).count()
    services.code_merge(source=source, target=target, actor=world.researcher)
    assert not Code.objects.filter(pk=source.pk).exists()
    # the span coded with both codes is one segment with one code now
    start, end = span(TRANSCRIPT, "En 2021 fue virtual 👍🏽 sí")
    joined = Segment.objects.get(document=coded, start=start, end=end)
    assert list(joined.codes.all()) == [target]
    assert Segment.objects.filter(document=coded).count() == before
    assert Memo.objects.filter(code=target, title="m").exists()
    assert Code.objects.get(name="Sub").parent == target


def test_merging_into_a_category_is_refused_when_there_are_segments(study, world, coded):
    with pytest.raises(ValidationError):
        services.code_merge(
            source=code_named(study, "Inducción del mentor"),
            target=code_named(study, "Procesos formativos previos"),
            actor=world.researcher,
        )


def test_splitting_gives_the_chosen_segments_to_a_new_sibling(study, world, coded):
    code = code_named(study, "Diferencias en la inducción de nuevos mentores")
    segments = list(code.segments.order_by("start"))
    new = services.code_split(
        code=code,
        actor=world.researcher,
        new_name="Inducción virtual",
        segment_ids=[segments[1].pk],
    )
    assert new.parent == code.parent and new.origin == "emergent"
    assert list(new.segments.all()) == [segments[1]]
    assert list(code.segments.all()) == [segments[0]]
    with pytest.raises(ValidationError):
        services.code_split(code=code, actor=world.researcher, new_name="X", segment_ids=[999999])


# --- Coding -----------------------------------------------------------------------------------


def test_coding_counts_code_points_so_emoji_passages_are_exact(study, world, coded):
    code = code_named(study, "Inducción del mentor")
    segment = code.segments.get()
    assert segment.passage == "En 2021 fue virtual 👍🏽 sí"
    assert segment.coder.code_name == "R1"
    # the same coder coding the same span adds a code instead of a second segment
    assert segment.codes.count() == 2


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (7, 3), (0, len(TRANSCRIPT) + 1)])
def test_selections_outside_the_text_are_refused(study, world, transcript, start, end):
    with pytest.raises(ValidationError):
        services.segment_code(
            document=transcript,
            actor=world.researcher,
            start=start,
            end=end,
            codes=[code_named(study, "Inducción del mentor")],
        )


def test_categories_and_codes_of_other_studies_cannot_be_applied(study, world, transcript):
    with pytest.raises(ValidationError):
        services.segment_code(
            document=transcript,
            actor=world.researcher,
            start=0,
            end=5,
            codes=[code_named(study, "Procesos formativos previos")],
        )
    other = services.study_create(
        program=world.program, actor=world.researcher, title="Otro", slug="otro"
    )
    foreign = services.code_create(study=other, actor=world.researcher, name="Ajeno")
    with pytest.raises(ValidationError):
        services.segment_code(
            document=transcript, actor=world.researcher, start=0, end=5, codes=[foreign]
        )


def test_removing_the_last_code_deletes_the_segment_and_keeps_its_memo(study, world, coded):
    code = code_named(study, "Asesoría pedagógica")
    segment = code.segments.get()
    memo = services.memo_write(
        study=study, actor=world.researcher, title="x", text="y", segment=segment
    )
    assert services.segment_uncode(segment=segment, actor=world.researcher, code=code) is None
    assert not Segment.objects.filter(pk=segment.pk).exists()
    memo.refresh_from_db()
    assert memo.segment is None and memo.document == coded


def test_another_coder_cannot_remove_someone_elses_coding(study, world, coded):
    services.study_member_add(
        study=study, actor=world.coordinator, user=world.coordinator, code_name="R2"
    )
    second = UserFactory()
    MembershipFactory(user=second, program=world.program, role="researcher")
    services.study_member_add(study=study, actor=world.researcher, user=second, code_name="R3")
    code = code_named(study, "Asesoría pedagógica")
    segment = code.segments.get()
    with pytest.raises(PermissionDenied):
        services.segment_uncode(segment=segment, actor=second, code=code)
    # the coordinator may
    services.segment_uncode(segment=segment, actor=world.coordinator, code=code)


def test_a_memo_is_about_one_thing_only(study, world, coded):
    with pytest.raises(ValidationError):
        services.memo_write(
            study=study,
            actor=world.researcher,
            title="x",
            text="y",
            code=code_named(study, "Asesoría pedagógica"),
            document=coded,
        )
