"""Research pages: permission matrix, coding from the browser's offsets, analysis, downloads,
and that a researcher without identity access never sees who a participant is."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from acompana.accounts.models import Role
from acompana.accounts.tests.factories import MembershipFactory, UserFactory
from acompana.research import services
from acompana.research.models import Code, Document, Participant, Segment, StudyMember

TEXT = "Entrevista con 7G.\nMentor: 👍🏽 sí, la gestión pedagógica es clave.\nFin."


@pytest.fixture
def study(world):
    world.mentor.first_name, world.mentor.last_name = "Zacarías", "Quispehuamán"
    world.mentor.save()
    world.mentor_profile.code = "7G"
    world.mentor_profile.save()
    return services.study_create(
        program=world.program,
        actor=world.researcher,
        title="Formación de mentores",
        slug="formacion",
        with_demo_codebook=True,
        enrol_mentors=True,
    )


@pytest.fixture
def other_researcher(world):
    user = UserFactory(email="other.researcher@example.org")
    MembershipFactory(user=user, program=world.program, role=Role.RESEARCHER)
    return user


def codable(study, origin):
    return Code.objects.filter(study=study, is_codable=True, origin=origin).order_by("pk").first()


@pytest.fixture
def document(world, study):
    participant = Participant.objects.get(study=study, code_name="7G")
    doc = services.document_add(
        study=study,
        actor=world.researcher,
        name="Entrevista 7G",
        text=TEXT,
        kind=Document.Kind.TRANSCRIPT,
        participant=participant,
    )
    start = TEXT.index("la gestión")
    services.segment_code(
        document=doc,
        actor=world.researcher,
        start=start,
        end=start + len("la gestión pedagógica"),
        codes=[codable(study, "a_priori"), codable(study, "emergent")],
    )
    return doc


def url(name, study, *args):
    return reverse(f"research:{name}", args=[study.program.slug, study.slug, *args])


def page_urls(study, document):
    code = document.segments.get().codes.order_by("pk").first()
    participant = Participant.objects.get(study=study, code_name="7G")
    guide = services.guide_save(
        study=study,
        actor=None,
        title="Guía",
        sections=[{"title": "Trayectoria", "questions": ["¿Cómo llegó a ser mentor?"]}],
    )
    return [
        url("study", study),
        url("participants", study),
        url("participant", study, participant.pk),
        url("interviews", study),
        url("guide", study, guide.pk),
        url("documents", study),
        url("document", study, document.pk),
        url("codebook", study),
        url("code", study, code.pk),
        url("agreement", study),
        url("analysis", study),
        url("analysis_download", study, "cooccurrence.csv"),
        url("analysis_download", study, "network.svg"),
        url("export", study, "qdpx"),
        url("export", study, "qdc"),
        url("import", study),
    ]


EXPECTED = {
    "coordinator": 200,
    "researcher": 200,
    "mentor": 403,
    "mentee": 403,
    "specialist": 403,
    "trainer": 403,
    "outsider": 404,
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_every_study_page_is_for_members_and_coordinators_only(
    persona, world, study, document, as_persona
):
    client = as_persona(persona)
    for address in page_urls(study, document):
        assert client.get(address).status_code == EXPECTED[persona], address


def test_a_researcher_who_is_not_a_member_of_the_study_is_refused_its_pages(
    world, study, document, client, other_researcher
):
    client.force_login(other_researcher)
    for address in page_urls(study, document):
        assert client.get(address).status_code == 403, address
    listing = client.get(reverse("research:studies", args=[world.program.slug]))
    assert listing.status_code == 200
    assert "Formación de mentores" not in listing.content.decode()


@pytest.mark.parametrize(
    "persona,status",
    [
        ("coordinator", 200),
        ("researcher", 200),
        ("mentor", 403),
        ("mentee", 403),
        ("specialist", 403),
        ("trainer", 403),
        ("outsider", 404),
    ],
)
def test_the_studies_list_is_for_coordinators_and_researchers(
    persona, status, world, study, as_persona
):
    response = as_persona(persona).get(reverse("research:studies", args=[world.program.slug]))
    assert response.status_code == status
    if status == 200:
        assert "Formación de mentores" in response.content.decode()


def test_the_program_navigation_links_to_research_for_researchers_only(world, as_persona):
    link = reverse("research:studies", args=[world.program.slug])
    home = reverse("programs:detail", args=[world.program.slug])
    assert link in as_persona("researcher").get(home).content.decode()
    assert link not in as_persona("mentor").get(home).content.decode()


def test_a_researcher_creates_a_study_from_the_demo_codebook_enrolling_the_mentors(
    world, as_persona
):
    world.mentor_profile.code = "7G"
    world.mentor_profile.save()
    client = as_persona("researcher")
    response = client.post(
        reverse("research:studies", args=[world.program.slug]),
        {
            "title": "Estudio nuevo",
            "slug": "estudio-nuevo",
            "with_demo_codebook": "on",
            "enrol_mentors": "on",
        },
    )
    study = world.program.studies.get(slug="estudio-nuevo")
    assert response.status_code == 302
    assert response["Location"] == url("study", study)
    assert study.codes.filter(origin="emergent").exists()
    assert study.codes.filter(is_codable=False).exists()
    assert study.participants.filter(code_name="7G").exists()
    assert StudyMember.objects.get(study=study).user == world.researcher


def test_a_mentor_may_not_create_a_study(world, as_persona):
    response = as_persona("mentor").post(
        reverse("research:studies", args=[world.program.slug]), {"title": "X", "slug": "x"}
    )
    assert response.status_code == 403
    assert not world.program.studies.exists()


def test_browser_offsets_in_utf16_are_stored_as_code_points(world, study, as_persona):
    doc = services.document_add(
        study=study, actor=world.researcher, name="Emoji", text=TEXT, kind="other"
    )
    code = codable(study, "a_priori")
    # "sí" follows an emoji with a skin-tone modifier: four UTF-16 units, two code points.
    start16 = len(TEXT[: TEXT.index("sí")].encode("utf-16-le")) // 2
    response = as_persona("researcher").post(
        url("segment_code", study, doc.pk),
        {
            "codes": [code.pk],
            "start": start16,
            "end": start16 + 2,
            "offset_unit": "utf16",
        },
    )
    assert response.status_code == 302
    segment = Segment.objects.get(document=doc)
    assert segment.passage == "sí"
    assert segment.coder.user == world.researcher
    assert list(segment.codes.all()) == [code]


def test_without_javascript_a_quoted_passage_is_coded_at_the_chosen_occurrence(
    world, study, as_persona
):
    text = "sí, sí y otra vez sí"
    doc = services.document_add(
        study=study, actor=world.researcher, name="Repetido", text=text, kind="other"
    )
    code = codable(study, "emergent")
    client = as_persona("researcher")
    client.post(
        url("segment_code", study, doc.pk),
        {"codes": [code.pk], "quote": "sí", "occurrence": 3},
    )
    assert Segment.objects.get(document=doc).start == text.rindex("sí")
    response = client.post(
        url("segment_code", study, doc.pk),
        {"codes": [code.pk], "quote": "no está", "occurrence": 1},
    )
    assert response.status_code == 200
    assert "That passage is not in the text" in response.content.decode()
    assert Segment.objects.filter(document=doc).count() == 1


def test_an_offset_inside_an_emoji_is_refused_and_nothing_is_coded(world, study, as_persona):
    doc = services.document_add(
        study=study, actor=world.researcher, name="Emoji", text=TEXT, kind="other"
    )
    inside = len(TEXT[: TEXT.index("👍")].encode("utf-16-le")) // 2 + 1
    response = as_persona("researcher").post(
        url("segment_code", study, doc.pk),
        {
            "codes": [codable(study, "a_priori").pk],
            "start": inside,
            "end": inside + 3,
            "offset_unit": "utf16",
        },
    )
    assert response.status_code == 200
    assert "select it again" in response.content.decode()
    assert not Segment.objects.filter(document=doc).exists()


def test_the_coding_page_shows_the_whole_text_highlighted_and_the_segments(
    world, study, document, as_persona
):
    body = as_persona("researcher").get(url("document", study, document.pk)).content.decode()
    assert '<mark class="coded coded-1"' in body
    assert "la gestión pedagógica</mark>" in body
    assert "research-coding.js" in body
    assert "R1" in body  # the coder by code name
    assert '<strong class="speaker">Mentor: </strong>' in body  # speaker turns stand out
    assert "Speakers:" in body
    assert "<script>" not in body and 'style="' not in body


def test_a_code_is_removed_from_a_segment_and_memos_are_written(world, study, document, as_persona):
    segment = document.segments.get()
    first, second = segment.codes.order_by("pk")
    client = as_persona("researcher")
    client.post(
        url("segment_uncode", study, document.pk),
        {"segment": segment.pk, "code": first.pk},
    )
    assert list(segment.codes.all()) == [second]
    client.post(
        url("document_memo", study, document.pk),
        {"title": "Idea", "text": "Gestión y liderazgo", "segment": segment.pk},
    )
    assert segment.memos.get().title == "Idea"
    client.post(url("code_memo", study, second.pk), {"title": "Def", "text": "x"})
    assert second.memos.count() == 1
    assert "1 memo" in client.get(url("codebook", study)).content.decode()


def test_the_codebook_adds_codes_and_the_code_page_moves_merges_and_splits(
    world, study, document, as_persona
):
    client = as_persona("researcher")
    category = study.codes.filter(is_codable=False).order_by("pk").first()
    client.post(
        url("codebook", study),
        {
            "name": "Resiliencia",
            "parent": category.pk,
            "is_codable": "on",
            "origin": "emergent",
            "definition": "Sobreponerse",
            "color": "#AA3300",
        },
    )
    new = study.codes.get(name="Resiliencia")
    assert (new.parent, new.origin, new.color) == (category, "emergent", "#AA3300")
    client.post(url("code_move", study, new.pk), {"parent": ""})
    new.refresh_from_db()
    assert new.parent is None
    coded = document.segments.get().codes.order_by("pk").first()
    response = client.post(
        url("code_split", study, coded.pk),
        {"new_name": "Parte", "segments": [document.segments.get().pk]},
    )
    part = study.codes.get(name="Parte")
    assert response["Location"] == url("code", study, part.pk)
    assert part.segments.count() == 1
    client.post(url("code_merge", study, part.pk), {"target": new.pk})
    assert not study.codes.filter(name="Parte").exists()
    assert new.segments.count() == 1
    retrieval = client.get(url("code", study, new.pk)).content.decode()
    assert "la gestión pedagógica" in retrieval and "7G" in retrieval
    assert "<td>Mentor</td>" in retrieval  # who speaks in the coded passage


def test_two_coders_agreement_is_reported_per_code(world, study, document, as_persona):
    services.study_member_add(
        study=study, actor=world.coordinator, user=world.coordinator, code_name="C1"
    )
    a_priori = codable(study, "a_priori")
    services.segment_code(
        document=document, actor=world.coordinator, start=0, end=len(TEXT), codes=[a_priori]
    )
    r1 = StudyMember.objects.get(study=study, user=world.researcher)
    c1 = StudyMember.objects.get(study=study, user=world.coordinator)
    response = as_persona("researcher").get(
        url("agreement", study), {"coder_a": r1.pk, "coder_b": c1.pk}
    )
    body = response.content.decode()
    assert "1 document coded by both" in body
    assert a_priori.name in body
    share = len("la gestión pedagógica") / len(TEXT) * 100
    assert f"{share:.1f} %" in body
    assert "undefined: neither coder used this code" not in body
    same = as_persona("researcher").get(
        url("agreement", study), {"coder_a": r1.pk, "coder_b": r1.pk}
    )
    assert "Choose two different coders" in same.content.decode()


def test_the_analysis_page_shows_frequencies_cooccurrence_and_an_inline_network(
    world, study, document, as_persona
):
    client = as_persona("researcher")
    attribute = study.variables.order_by("order", "name").first().name
    body = client.get(url("analysis", study), {"attribute": attribute}).content.decode()
    a_priori, emergent = codable(study, "a_priori"), codable(study, "emergent")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body
    assert '<desc id="network-desc">' in body
    assert a_priori.name in body and emergent.name in body
    assert client.get(url("analysis", study), {"attribute": "nope"}).status_code == 404

    csv = client.get(url("analysis_download", study, "cooccurrence.csv")).content.decode()
    assert csv.startswith("\ufeffCode,Other code,Co-occurrences,c-coefficient")
    assert f"{a_priori.name},{emergent.name},1,1.000" in csv or (
        f"{emergent.name},{a_priori.name},1,1.000" in csv
    )
    svg = client.get(url("analysis_download", study, "network.svg"))
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"<line" in svg.content
    freq = client.get(
        url("analysis_download", study, "frequencies.csv"), {"attribute": attribute}
    ).content.decode()
    assert f"{a_priori.name}," in freq
    assert client.get(url("analysis_download", study, "other.txt")).status_code == 404


def test_exports_are_downloads_and_an_export_imports_back_with_warnings_shown(
    world, study, document, as_persona, django_capture_on_commit_callbacks
):
    client = as_persona("researcher")
    response = client.get(url("export", study, "qdpx"))
    assert response["Content-Disposition"] == 'attachment; filename="formacion.qdpx"'
    data = response.content
    assert "project.qde" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert client.get(url("export", study, "qdc")).content.startswith(b"<?xml")
    assert client.get(url("export", study, "pdf")).status_code == 404

    target = services.study_create(
        program=world.program, actor=world.researcher, title="Copia", slug="copia"
    )
    upload = SimpleUploadedFile("formacion.qdpx", data, content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(url("import_start", target), {"upload": upload})
    body = client.get(posted["Location"]).content.decode()
    assert 'id="import-warnings"' in body
    assert target.documents.get().text == TEXT
    broken = SimpleUploadedFile("broken.qdpx", b"not a zip")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("import_start", target), {"upload": broken})
    assert target.documents.count() == 1


def test_a_transcript_is_uploaded_as_text_for_a_participant(world, study, as_persona):
    participant = Participant.objects.get(study=study, code_name="7G")
    upload = SimpleUploadedFile(
        "entrevista.txt", "Mentor: la reflexión pedagógica\r\nes clave.".encode("cp1252")
    )
    response = as_persona("researcher").post(
        url("document_upload", study),
        {"upload": upload, "kind": "transcript", "participant": participant.pk},
    )
    doc = study.documents.get()
    assert response["Location"] == url("document", study, doc.pk)
    assert doc.text == "Mentor: la reflexión pedagógica\nes clave."
    assert doc.participant == participant
    bad = SimpleUploadedFile("foto.png", b"\x89PNG....")
    response = as_persona("researcher").post(
        url("document_upload", study), {"upload": bad, "kind": "other"}
    )
    assert response.status_code == 200
    assert study.documents.count() == 1


def test_typed_documents_guides_and_interviews_are_saved(world, study, as_persona):
    client = as_persona("researcher")
    participant = Participant.objects.get(study=study, code_name="7G")
    client.post(
        url("guide_create", study),
        {"title": "Guía", "sections": "# Trayectoria\n¿Cómo empezó?\n¿Y luego?"},
    )
    guide = study.guides.get()
    assert guide.sections == [{"title": "Trayectoria", "questions": ["¿Cómo empezó?", "¿Y luego?"]}]
    client.post(
        url("interview_create", study),
        {
            "participant": participant.pk,
            "held_on": "2026-05-04",
            "mode": "video",
            "duration_minutes": 45,
            "guide": guide.pk,
        },
    )
    interview = study.interviews.get()
    client.post(
        url("document_type", study),
        {
            "name": "Transcripción",
            "text": "Hola",
            "kind": "transcript",
            "participant": participant.pk,
            "interview": interview.pk,
        },
    )
    assert study.documents.get().interview == interview


def test_only_coordinators_allow_fieldwork_documents_and_grant_identity_access(
    world, study, as_persona
):
    member = StudyMember.objects.get(study=study, user=world.researcher)
    researcher = as_persona("researcher")
    assert researcher.post(url("study_fieldwork", study), {"allowed": "1"}).status_code == 403
    assert (
        researcher.post(
            url("study_identity_access", study), {"member": member.pk, "granted": "1"}
        ).status_code
        == 403
    )
    coordinator = as_persona("coordinator")
    coordinator.post(url("study_fieldwork", study), {"allowed": "1"})
    coordinator.post(url("study_identity_access", study), {"member": member.pk, "granted": "1"})
    study.refresh_from_db()
    member.refresh_from_db()
    assert study.fieldwork_documents_allowed and member.identity_access
    assert 'id="visit-form"' in coordinator.get(url("documents", study)).content.decode()


def test_participants_are_edited_with_typed_attributes(world, study, as_persona):
    participant = Participant.objects.get(study=study, code_name="7G")
    client = as_persona("researcher")
    form = client.get(url("participant", study, participant.pk)).context["form"]
    data = {
        "code_name": "7G",
        "consent_date": "2026-03-01",
        "consent_version": "v2",
    }
    for name in form.fields:
        if name.startswith("attr_"):
            data[name] = form.initial.get(name) if form.initial.get(name) is not None else ""
            if isinstance(data[name], bool):
                data[name] = "true" if data[name] else "false"
    response = client.post(url("participant_save", study, participant.pk), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    participant.refresh_from_db()
    assert participant.consent_version == "v2"
    assert str(participant.consent_date) == "2026-03-01"


def real_name_leaks(body, user):
    return [part for part in (user.first_name, user.last_name, user.email) if part in body]


def test_a_researcher_without_identity_access_never_sees_a_participants_real_name(
    world, study, document, as_persona
):
    services.study_update(study=study, actor=world.coordinator, fieldwork_documents_allowed=True)
    client = as_persona("researcher")
    addresses = [a for a in page_urls(study, document) if "/export." not in a]
    addresses.append(reverse("research:studies", args=[world.program.slug]))
    for address in addresses:
        body = client.get(address).content.decode()
        assert not real_name_leaks(body, world.mentor), address
    coordinator = as_persona("coordinator")
    participants = coordinator.get(url("participants", study)).content.decode()
    assert real_name_leaks(participants, world.mentor)


def test_identity_access_reveals_who_a_participant_is(world, study, as_persona):
    member = StudyMember.objects.get(study=study, user=world.researcher)
    services.study_identity_access_set(member=member, actor=world.coordinator, granted=True)
    body = as_persona("researcher").get(url("participants", study)).content.decode()
    assert "Quispehuamán" in body


def test_list_pages_keep_a_fixed_number_of_queries(
    world, study, document, as_persona, django_assert_max_num_queries
):
    for i in range(6):
        doc = services.document_add(
            study=study, actor=world.researcher, name=f"Doc {i}", text=TEXT, kind="other"
        )
        services.segment_code(
            document=doc,
            actor=world.researcher,
            start=0,
            end=5,
            codes=[codable(study, "a_priori")],
        )
        services.participant_enrol(study=study, actor=world.researcher, code_name=f"X{i}")
    client = as_persona("researcher")
    code = codable(study, "a_priori")
    budgets = {
        url("participants", study): 12,
        url("documents", study): 15,
        url("code", study, code.pk): 17,
        url("document", study, document.pk): 14,
    }
    for address, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert client.get(address).status_code == 200


@pytest.mark.parametrize("persona,status", [("mentor", 403), ("trainer", 403), ("outsider", 404)])
def test_people_without_access_cannot_code_write_memos_or_import(
    persona, status, world, study, document, as_persona
):
    client = as_persona(persona)
    code = codable(study, "a_priori")
    posts = [
        (
            url("segment_code", study, document.pk),
            {"codes": [code.pk], "quote": "Fin."},
        ),
        (url("document_memo", study, document.pk), {"title": "x", "text": "y"}),
        (url("codebook", study), {"name": "Nuevo", "origin": "emergent", "color": "#112233"}),
        (url("document_type", study), {"name": "x", "text": "y", "kind": "other"}),
        (url("import_start", study), {"upload": SimpleUploadedFile("x.qdc", b"<x/>")}),
    ]
    for address, data in posts:
        assert client.post(address, data).status_code == status, address
    assert Segment.objects.filter(document__study=study).count() == 1
    assert not study.memos.exists()
    assert not study.codes.filter(name="Nuevo").exists()
    assert study.documents.count() == 1


def test_the_lead_edits_the_study_and_adds_a_member_by_code_name(
    world, study, as_persona, other_researcher
):
    client = as_persona("researcher")
    client.post(
        url("study_update", study),
        {
            "title": "Formación de mentores (2026)",
            "questions": "¿Cómo?",
            "method": "Entrevistas",
            "ethics_reference": "CEI-2026-01",
            "consent_text": "Acepto",
        },
    )
    study.refresh_from_db()
    assert (study.title, study.ethics_reference) == ("Formación de mentores (2026)", "CEI-2026-01")
    client.post(url("study_member_add", study), {"user": other_researcher.pk, "code_name": "R2"})
    member = StudyMember.objects.get(study=study, user=other_researcher)
    assert (member.code_name, member.identity_access, member.is_lead) == ("R2", False, False)
    client.force_login(other_researcher)
    assert client.get(url("documents", study)).status_code == 200
    assert (
        client.post(
            url("study_member_add", study),
            {"user": world.coordinator.pk, "code_name": "X"},
        ).status_code
        == 403
    )


def test_the_code_page_shows_its_segments_a_page_at_a_time_in_as_many_queries(
    world, study, document, as_persona, django_assert_max_num_queries
):
    from acompana.research.views.coding import RETRIEVAL_PAGE_SIZE

    code = codable(study, "a_priori")
    member = StudyMember.objects.get(study=study, user=world.researcher)
    Through = Segment.codes.through
    start = TEXT.index("la gestión")
    for n in range(3):
        doc = services.document_add(
            study=study, actor=world.researcher, name=f"Doc {n}", text=TEXT, kind="transcript"
        )
        made = Segment.objects.bulk_create(
            Segment(document=doc, start=start, end=start + 2 + k % 20, coder=member)
            for k in range(60)
        )
        Through.objects.bulk_create(Through(segment=s, code=code) for s in made)
    total = 1 + 180
    client = as_persona("researcher")
    with django_assert_max_num_queries(19):
        first = client.get(url("code", study, code.pk)).content.decode()
    assert f"{total} coded segments" in first
    assert first.count('<td class="passage">') == RETRIEVAL_PAGE_SIZE
    assert "Page 1 of 2" in first
    assert '<td class="passage">la</td>' in first  # the passage is text[start:end]
    assert "<td>Mentor</td>" in first  # and the speaker is found
    # the split form lists the segments of the page shown
    assert first.count('name="segments"') == RETRIEVAL_PAGE_SIZE
    with django_assert_max_num_queries(19):
        second = client.get(url("code", study, code.pk) + "?page=2").content.decode()
    assert second.count('<td class="passage">') == total - RETRIEVAL_PAGE_SIZE
    assert second.count('name="segments"') == total - RETRIEVAL_PAGE_SIZE
    # a segment of the second page is split off from it
    last = Segment.objects.filter(codes=code).order_by("document__name", "start", "end", "pk")
    chosen = last.last()
    response = client.post(
        url("code_split", study, code.pk) + "?page=2",
        {"new_name": "Parte", "segments": [chosen.pk]},
    )
    part = study.codes.get(name="Parte")
    assert response["Location"] == url("code", study, part.pk)
    assert list(part.segments.all()) == [chosen]


def test_shipped_attribute_names_are_shown_in_the_readers_language():
    from django.utils import translation

    from acompana.research.defaults import ATTR_EXPERIENCE
    from acompana.research.templatetags.research_tags import attribute_label

    with translation.override("es"):
        assert attribute_label(ATTR_EXPERIENCE) == "Novel o experimentado"
        assert attribute_label("Años en la UGEL") == "Años en la UGEL"  # named by a researcher
