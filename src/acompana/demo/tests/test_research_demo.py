"""The demo study "formacion-mentores": participants 1A-8H, transcripts, codebook, codings by
two coders, memos; loading the demo twice duplicates nothing."""

import io
import zipfile

from django.core.management import call_command

from acompana.demo.research_transcripts import CODINGS_INV1, CODINGS_INV2, TRANSCRIPTS
from acompana.research import services
from acompana.research.models import (
    Code,
    Document,
    Interview,
    Memo,
    Participant,
    ParticipantIdentity,
    Segment,
    Study,
    StudyMember,
)


def counts(study: Study) -> dict[str, int]:
    return {
        "participants": Participant.objects.filter(study=study).count(),
        "documents": Document.objects.filter(study=study).count(),
        "codes": Code.objects.filter(study=study).count(),
        "segments": Segment.objects.filter(document__study=study).count(),
        "codings": Segment.codes.through.objects.filter(segment__document__study=study).count(),
        "memos": Memo.objects.filter(study=study).count(),
        "interviews": Interview.objects.filter(study=study).count(),
        "members": StudyMember.objects.filter(study=study).count(),
    }


def test_the_demo_study_is_complete_pseudonymous_and_loads_idempotently(db):
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    study = Study.objects.get(program__slug="mentoria-directivos", slug="formacion-mentores")
    first = counts(study)
    call_command("demo", "--password", "demo-pass-123", stdout=None)
    assert counts(study) == first

    participants = Participant.objects.filter(study=study).order_by("code_name")
    assert [p.code_name for p in participants] == ["1A", "2B", "3C", "4D", "5E", "6F", "7G", "8H"]
    assert participants.get(code_name="1A").attributes["Novice or experienced"] == "novice"
    assert participants.get(code_name="5E").attributes["Years in management"] == 15.0
    assert participants.get(code_name="4D").attributes["Management experience"] is False
    assert ParticipantIdentity.objects.filter(participant__study=study).count() == 8

    members = {m.code_name: m for m in StudyMember.objects.filter(study=study)}
    assert set(members) == {"INV1", "INV2"}
    assert members["INV1"].user.email == "researcher@demo.example.org"
    assert members["INV1"].is_lead and not members["INV1"].identity_access
    assert not members["INV2"].identity_access

    assert Code.objects.filter(study=study).count() == 16
    documents = Document.objects.filter(study=study, kind="transcript")
    assert documents.count() == 8
    for document in documents:
        words = len(document.text.split())
        assert 300 <= words <= 600, (document.name, words)
        assert document.text.startswith("Entrevistadora:")
        assert document.interview is not None
    assert any("👍🏽" in d.text for d in documents)

    segments = Segment.objects.filter(document__study=study)
    assert segments.filter(coder=members["INV1"]).count() == sum(map(len, CODINGS_INV1.values()))
    assert segments.filter(coder=members["INV2"]).count() == sum(map(len, CODINGS_INV2.values()))
    both = {s.document_id for s in segments.filter(coder=members["INV2"])}
    assert len(both) == 3
    emoji = segments.get(coder=members["INV1"], codes__name__startswith="Diferencias",
                         document__name="Entrevista 7G")  # fmt: skip
    assert "👍🏽" in emoji.passage
    assert segments.filter(codes__origin="emergent").exists()
    assert segments.filter(codes__origin="a_priori").exists()
    assert Memo.objects.filter(study=study).count() == 4
    assert set(TRANSCRIPTS) == {p.code_name for p in participants}

    # the export names no mentor
    archive = services.study_export_qdpx(study=study, actor=None)
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        text = "".join(zipped.read(n).decode("utf-8") for n in zipped.namelist())
    for identity in ParticipantIdentity.objects.filter(participant__study=study):
        assert identity.full_name and identity.full_name not in text
        assert identity.user.last_name not in text
