"""A researcher studies the program: a study from the demo codebook, a transcript for 7G,
two coded passages (an a priori and an emergent code), the network and the .qdpx."""

import io
import zipfile

import pytest

from acompana.research.models import Segment, Study

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TRANSCRIPT = (
    "Entrevistadora: ¿Cómo fue su inducción como mentor?\n"
    "7G: La inducción virtual de 2021 fue muy distinta; aprendí sobre la gestión escolar "
    "con otros directivos 👍🏽 y eso me sirvió.\n"
    "Entrevistadora: ¿Tenía experiencia directiva?\n"
    "7G: Sí, fui subdirector cinco años en Ayacucho.\n"
)

SELECT = """([container, passage]) => {
  const root = document.querySelector(container);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.nodeValue.indexOf(passage);
    if (at >= 0) {
      window.getSelection().setBaseAndExtent(node, at, node, at + passage.length);
      return true;
    }
  }
  return false;
}"""


def code_passage(page, passage, codes):
    assert page.evaluate(SELECT, ["#doc-text", passage])
    page.locator("#selection-preview").filter(has_text=passage).wait_for()
    for name in codes:
        page.locator("#coding-form").get_by_role("checkbox", name=name, exact=True).check()
    page.click("#apply-codes")
    page.wait_for_selector(".messages .success")


def test_a_researcher_codes_a_transcript_and_exports_the_project(world, sign_in, page):
    world.mentor_profile.code = "7G"
    world.mentor_profile.save()
    slug = world.program.slug
    sign_in("researcher@example.org")

    # A study from the demo codebook (Table 2), the program's mentors enrolled by code.
    page.goto(f"/p/{slug}/")
    page.locator("nav.program-nav").get_by_role("link", name="Research", exact=True).click()
    page.fill("#id_title", "Formación de mentores")
    page.fill("#id_slug", "formacion-mentores")
    page.check("#id_with_demo_codebook")
    page.check("#id_enrol_mentors")
    page.click("#study-form button[type=submit]")
    page.wait_for_url(f"**/p/{slug}/research/formacion-mentores/")
    study = Study.objects.get(program=world.program, slug="formacion-mentores")
    assert study.participants.filter(code_name="7G").exists()

    # Upload the transcript of 7G's interview (UTF-8 text with accents and an emoji).
    page.click(".research-nav >> text=Documents")
    page.set_input_files(
        "#upload_upload",
        files=[
            {
                "name": "entrevista-7g.txt",
                "mimeType": "text/plain",
                "buffer": TRANSCRIPT.encode("utf-8"),
            }
        ],
    )
    page.fill("#upload_name", "Entrevista 7G")
    page.select_option("#upload_kind", "transcript")
    page.select_option("#upload_participant", label="7G")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#doc-text")
    assert page.locator("#doc-text").inner_text().startswith("Entrevistadora:")

    # Code two passages: one after the emoji (offsets differ in UTF-16), one before it.
    code_passage(page, "fui subdirector cinco años", ["Experiencia directiva"])
    code_passage(
        page,
        "La inducción virtual de 2021 fue muy distinta",
        ["Inducción del mentor", "Diferencias en la inducción de nuevos mentores"],
    )
    segments = {
        s.passage: sorted(c.name for c in s.codes.all())
        for s in Segment.objects.filter(document__study=study)
    }
    assert segments == {
        "fui subdirector cinco años": ["Experiencia directiva"],
        "La inducción virtual de 2021 fue muy distinta": [
            "Diferencias en la inducción de nuevos mentores",
            "Inducción del mentor",
        ],
    }
    assert page.locator("#doc-text mark").count() == 2

    # Keyboard: focus the text, extend the selection with Shift+arrows.
    page.focus("#doc-text")
    for _ in range(14):
        page.keyboard.press("Shift+ArrowRight")
    assert page.locator("#selection-preview").inner_text() == "“Entrevistadora”"

    # The co-occurrence network shows the two codes applied together.
    page.click(".research-nav >> text=Analysis")
    network = page.locator("#network svg")
    network.wait_for()
    assert network.locator("circle").count() == 3
    assert network.locator("line").count() == 1
    assert "Inducción del mentor" in network.inner_html()

    # Download the REFI-QDA project.
    page.click(".research-nav >> strong")
    with page.expect_download() as info:
        page.click("#export-qdpx")
    download = info.value
    assert download.suggested_filename == "formacion-mentores.qdpx"
    with open(download.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert "project.qde" in archive.namelist()
    assert "Experiencia directiva" in archive.read("project.qde").decode("utf-8")
