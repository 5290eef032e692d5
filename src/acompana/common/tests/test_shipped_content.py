"""Shipped content in two languages: every default Acompaña ships has its Spanish and its
English, an unedited default shows in the reader's language, and what a coordinator typed
shows as typed."""

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation.template import templatize

from acompana.agreements.defaults import DEFAULT_TEMPLATES
from acompana.common.shipped import app_pairs, catalog, in_reader_language
from acompana.frameworks.defaults import DEFAULT_FRAMEWORKS
from acompana.frameworks.defaults import SHIPPED_TEXTS as FRAMEWORK_TEXTS
from acompana.frameworks.models import Competency
from acompana.research import services as research_services
from acompana.research.defaults import (
    ATTRIBUTE_SPANISH,
    ATTRIBUTE_TYPES,
    DEFINITIONS_ES,
    table2_texts,
)
from acompana.research.models import Document
from acompana.selection import services as selection_services
from acompana.selection.tests.test_selection import apply
from acompana.surveys.defaults import TEMPLATES as SURVEY_TEMPLATES
from acompana.training import services as training_services
from acompana.training.defaults import READINESS_ITEMS
from acompana.visits.defaults import ENGLISH as VISITS_ENGLISH
from acompana.visits.defaults import instrument_texts, protocol_texts
from acompana.visits.services import protocol_create_default
from acompana_core.rubrics import DEFAULT_MENTOR_RUBRIC_SPANISH, default_mentor_rubric_texts

SRC = Path(__file__).resolve().parents[2]
LOCALE = SRC / "locale"
LETTERS = re.compile(r"[^\W\d_]")


def both(spanish: str, english: str) -> bool:
    """Both texts are there, and differ where there are words to translate."""
    if not spanish.strip() or not english.strip():
        return False
    return spanish != english or not LETTERS.search(spanish) or len(spanish.split()) == 1


# --- Every shipped default has both languages ------------------------------------------------


def test_every_label_of_the_default_rubric_has_its_spanish():
    missing = [
        label
        for label in default_mentor_rubric_texts()
        if not both(DEFAULT_MENTOR_RUBRIC_SPANISH.get(label, ""), label)
    ]
    assert missing == []


def test_every_definition_of_the_table_2_codebook_has_its_spanish():
    _names, definitions = table2_texts()
    assert len(definitions) == 16
    assert [d for d in definitions if not both(DEFINITIONS_ES.get(d, ""), d)] == []


def test_every_participant_attribute_has_its_spanish():
    missing = [key for key in ATTRIBUTE_TYPES if not both(ATTRIBUTE_SPANISH.get(key, ""), key)]
    assert missing == []


def test_every_readiness_item_has_both_languages():
    assert [pair for pair in READINESS_ITEMS if not both(*pair)] == []


def test_every_protocol_step_and_instrument_text_has_its_english():
    texts = protocol_texts() + instrument_texts()
    assert len(texts) > 40
    assert [t for t in texts if not both(t, VISITS_ENGLISH.get(t, ""))] == []


def test_every_framework_name_statement_source_and_note_has_both_languages():
    statements = [
        text
        for spec in DEFAULT_FRAMEWORKS
        for domain in spec["domains"]
        for competency in domain["competencies"]
        for text in [
            competency["statement"],
            *(statement for _c, _m, statement in competency["performances"]),
        ]
        if text  # the DepEd strands ship with a title and no statement
    ]
    assert len(statements) == 36  # MBDDir: 6 competencies, 21 performances; MBDD: 9
    paired = {spanish for spanish, _english in FRAMEWORK_TEXTS}
    assert [s for s in statements if s not in paired] == []
    assert [pair for pair in FRAMEWORK_TEXTS if not both(*pair)] == []


def test_every_survey_template_has_both_languages_in_every_text():
    missing = []
    for key, template in SURVEY_TEMPLATES.items():
        for field in ("title", "description"):
            if not both(template[f"{field}_es"], template[f"{field}_en"]):
                missing.append((key, field))
        for _kind, spanish, english, _required, extra in template["questions"]:
            if not both(spanish, english):
                missing.append((key, spanish))
            if isinstance(extra, list):
                missing += [(key, es) for es, en in extra if not (es.strip() and en.strip())]
    assert missing == []


def test_the_agreement_template_ships_in_spanish_and_in_english_with_every_text():
    by_language = {template["language"]: template for template in DEFAULT_TEMPLATES}
    assert set(by_language) == {"es", "en"}
    spanish, english = by_language["es"], by_language["en"]
    for field, value in spanish.items():
        if field in ("language", "modes"):
            continue
        assert both(value, english[field]), field
    assert spanish["modes"] == english["modes"]


def test_every_pair_any_app_ships_is_complete_and_found_in_the_catalog():
    pairs = app_pairs()
    assert len(pairs) > 100
    assert [pair for pair in pairs if not both(*pair)] == []
    for spanish, english in pairs:
        assert catalog()[spanish][0] and catalog()[english][1]


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text)


def po_entries(language: str) -> dict[tuple[str, str], tuple[str, bool]]:
    """(context, msgid) → (msgstr, fuzzy) of a catalog (the singular of plural entries)."""

    def joined(lines: list[str], key: str) -> str | None:
        for n, line in enumerate(lines):
            if line.startswith(f"{key} "):
                parts = [line[len(key) + 1 :]]
                for more in lines[n + 1 :]:
                    if not more.startswith('"'):
                        break
                    parts.append(more)
                return unescape("".join(part.strip()[1:-1] for part in parts))
        return None

    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        msgid = joined(lines, "msgid")
        if not msgid:
            continue
        msgstr = joined(lines, "msgstr") or joined(lines, "msgstr[0]") or ""
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        entries[(joined(lines, "msgctxt") or "", msgid)] = (msgstr, fuzzy)
    return entries


GETTEXT = re.compile(r"\bn?gettext\((u?(['\"])(?:\\.|(?!\2).)*\2)")
EMAILS = sorted(SRC.glob("*/templates/*/email/*.txt"))


def email_msgids(path: Path) -> list[str]:
    found = GETTEXT.findall(templatize(path.read_text(encoding="utf-8")))
    return [ast.literal_eval(literal) for literal, _quote in found]


def test_the_emails_are_found():
    assert len(EMAILS) >= 16
    assert all(email_msgids(path) for path in EMAILS)


@pytest.mark.parametrize("path", EMAILS, ids=lambda path: path.name)
def test_every_email_text_is_translated_in_both_catalogs(path):
    for language in ("es", "en"):
        entries = po_entries(language)
        missing = [
            msgid
            for msgid in email_msgids(path)
            if not entries.get(("", msgid), ("", True))[0] or entries[("", msgid)][1]
        ]
        assert missing == [], language


@pytest.mark.parametrize("path", EMAILS, ids=lambda path: path.name)
def test_emails_hold_no_words_outside_the_translated_texts(path):
    inside, words = False, []
    for token in Lexer(path.read_text()).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            inside = {"blocktranslate": True, "endblocktranslate": False}.get(name, inside)
        elif token.token_type == TokenType.TEXT and not inside:
            words += re.findall(r"[^\W\d_]+", token.contents)
    assert set(words) <= {"Acompaña"}


# --- Display: the reader's language, or as typed -----------------------------------------------


def test_a_shipped_text_shows_in_either_language_and_a_typed_one_as_typed():
    assert in_reader_language("Highest degree", "es") == "Grado académico más alto"
    assert in_reader_language("Grado académico más alto", "en") == "Highest degree"
    assert in_reader_language("  Informe   final ", "en") == "Final report"
    assert in_reader_language("Informe final de la UGEL", "en") == "Informe final de la UGEL"
    assert in_reader_language("", "en") == ""
    assert in_reader_language(None, "en") == ""


def reader(client, language):
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def call(world):
    today = timezone.localdate()
    return selection_services.call_create(
        program=world.program,
        cohort=world.program.cohorts.get(),
        title="Convocatoria 2026",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        actor=world.coordinator,
    )


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("es", ["Grado académico más alto", "Años de docencia", "menos de 1"], ["Years teaching"]),
        ("en", ["Highest degree", "Years teaching", "under 1"], ["Años de docencia"]),
    ],
)
def test_the_call_rubric_shows_the_shipped_criteria_in_the_readers_language(
    world, call, as_persona, language, shown, hidden
):
    client = reader(as_persona("coordinator"), language)
    for name, texts in (("selection:call", shown[:2]), ("selection:rubric", shown)):
        body = client.get(reverse(name, args=[world.program.slug, call.pk])).content.decode()
        assert [text for text in texts if text not in body] == [], name
        assert [text for text in hidden if text in body] == [], name


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_criterion_the_coordinator_typed_shows_as_typed(world, call, as_persona, language):
    typed = {"code": "reflection", "label": "Reflexión sobre la práctica", "weight": 5}
    call = selection_services.rubric_criterion_save(
        call=call,
        criterion={**typed, "kind": "panel", "panel_max": 4},
        replaces=None,
        actor=world.coordinator,
    )
    edited = {
        "code": "teaching_years",
        "label": "Years teaching in rural schools",
        "weight": 10,
        "kind": "bands",
        "bands": [{"label": "any", "minimum": 0, "maximum": None, "points": 1}],
    }
    selection_services.rubric_criterion_save(
        call=call, criterion=edited, replaces="teaching_years", actor=world.coordinator
    )
    client = reader(as_persona("coordinator"), language)
    body = client.get(reverse("selection:rubric", args=[world.program.slug, call.pk])).content
    assert "Reflexión sobre la práctica" in body.decode()
    assert "Years teaching in rural schools" in body.decode()
    assert ("Años de docencia" in body.decode()) is False


@pytest.fixture
def study(world):
    return research_services.study_create(
        program=world.program,
        actor=world.researcher,
        title="Formación de mentores",
        slug="formacion",
        with_demo_codebook=True,
    )


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("es", "Experiencia directiva: años y tipo de cargos", "Managerial experience:"),
        ("en", "Managerial experience: years and kind", "Experiencia directiva: años"),
    ],
)
def test_the_table_2_codebook_defines_its_codes_in_the_readers_language(
    world, study, as_persona, language, shown, hidden
):
    client = reader(as_persona("researcher"), language)
    url = reverse("research:codebook", args=[world.program.slug, study.slug])
    body = client.get(url).content.decode()
    assert shown in body
    assert hidden not in body
    assert "Experiencia directiva</a>" in body  # the study's code names stay as coded


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("es", "Revisó los estudios de caso", "Reviewed the case studies"),
        ("en", "Reviewed the case studies", "Revisó los estudios de caso"),
    ],
)
def test_readiness_items_show_in_the_readers_language_until_renamed(
    world, as_persona, language, shown, hidden
):
    cohort = world.mentor_profile.cohorts.get()
    items = training_services.readiness_items_default(cohort=cohort, actor=world.coordinator)
    training_services.readiness_item_edit(
        item=items[0], title="Asistió a la inducción de marzo", actor=world.coordinator
    )
    client = reader(as_persona("coordinator"), language)
    url = reverse("training:readiness", args=[world.program.slug])
    body = client.get(url, {"cohort": cohort.pk}).content.decode()
    assert shown in body
    assert hidden not in body
    assert "Asistió a la inducción de marzo" in body


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("es", "Observación diagnóstica | Observar la gestión"),
        ("en", "Diagnostic observation | Observe how the school"),
    ],
)
def test_the_protocol_and_the_instruments_show_in_the_readers_language(
    world, as_persona, language, shown
):
    protocol = protocol_create_default(program=world.program, actor=world.coordinator)
    client = reader(as_persona("coordinator"), language)
    body = client.get(
        reverse("visits:protocol", args=[world.program.slug, protocol.pk])
    ).content.decode()
    assert shown in body  # the form to revise the steps starts from them in that language
    instruments = client.get(reverse("visits:instruments", args=[world.program.slug]))
    expected = {"es": "Propicia un ambiente de respeto", "en": "Fosters an environment of respect"}
    assert expected[language] in instruments.content.decode()


def test_a_competency_names_itself_in_the_readers_language_in_every_choice_list(db):
    competency = Competency.objects.get(code="C1", domain__framework__slug="mbddir")
    with translation.override("es"):
        assert str(competency) == "C1 Planificación institucional"
    with translation.override("en"):
        assert str(competency) == "C1 Leads participatory school planning"
    competency.name_en = "Plans the school with its community"  # typed in the English field
    with translation.override("en"):
        assert str(competency) == "C1 Plans the school with its community"
    competency.name, competency.name_en = "Planificación con la comunidad", ""
    with translation.override("es"):
        assert str(competency) == "C1 Planificación con la comunidad"
    with translation.override("en"):
        assert str(competency) == "C1 Planificación con la comunidad"


def test_the_import_page_names_the_kinds_of_file_in_the_readers_language(world, as_persona):
    client = reader(as_persona("coordinator"), "es")
    body = client.get(reverse("people:import", args=[world.program.slug])).content.decode()
    rows = re.findall(r"<tr><td>([^<]*)</td><td><code>", body)
    assert rows == ["Instituciones educativas", "Mentores", "Mentorados"]


def test_a_coded_passage_is_placed_by_its_characters_not_by_a_job_title(world, study, as_persona):
    document = research_services.document_add(
        study=study,
        actor=world.researcher,
        name="Entrevista",
        text="Fui subdirector.",
        kind=Document.Kind.TRANSCRIPT,
    )
    client = reader(as_persona("researcher"), "es")
    url = reverse("research:document", args=[world.program.slug, study.slug, document.pk])
    body = client.get(url).content.decode()
    header = re.search(r'id="segments".*?<thead>(.*?)</thead>', body, re.S)
    assert header is not None
    assert "Posición" in header[1]
    assert "Cargo" not in header[1]


@pytest.mark.parametrize(
    ("language", "breakdown", "panel"),
    [
        ("es", "Grado académico más alto", "Empatía y escucha activa (0-4)"),
        ("en", "Highest degree", "Empathy and active listening (0-4)"),
    ],
)
def test_an_application_scores_by_the_shipped_criteria_in_the_readers_language(
    world, call, as_persona, settings, tmp_path, language, breakdown, panel
):
    settings.MEDIA_ROOT = tmp_path
    application = apply(call, world.outsider)
    client = reader(as_persona("coordinator"), language)
    url = reverse("selection:application", args=[world.program.slug, application.pk])
    body = client.get(url).content.decode()
    rows = re.search(r'id="breakdown".*?<tbody>(.*?)</tbody>', body, re.S)
    assert rows is not None
    assert f"<tr><td>{breakdown}</td>" in rows[1]
    assert panel in body
