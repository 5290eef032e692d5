"""A big study for a paper: REFI-QDA export and import, co-occurrence, frequencies, agreement
and the analysis pages.

    .venv/bin/python benchmarks/research.py [--participants 50] [--words 4000]
        [--segments 5000] [--long 10]

The defaults are a quarter of a big study (200 participants, 20,000 segments), about half a
minute on two cores; ``--participants 200 --segments 20000`` measures the whole study (about a
minute and a half).

Builds a fresh SQLite database in a temporary folder (or uses DATABASE_URL) with one study:
a participant per transcript, each with three attributes; transcripts of about ``--words``
Spanish words (accents, "ñ", "¿", some emoji, speaker turns), generated from a seed; a
codebook of 3 categories x 10 codes; and about ``--segments`` overlapping segments by two
coders, each with 1-3 codes (the second coder mostly re-codes the first one's passages with
shifted boundaries, so agreement and co-occurrence are not trivial). The rows are created with
``bulk_create`` (the build is timed once). Then times (best of 3, or a single run when the
first takes more than ``--long`` seconds) and counts the queries of the .qdpx and .qdc
exports, importing the .qdpx into a new study, the co-occurrence table and its network
picture, frequencies by an attribute, two-coder agreement, and the code retrieval and analysis
pages requested as a coordinator. Prints the machine, its load (the figures are upper bounds
when the 1-minute load average is above 2) and the database.
"""

import argparse
import datetime
import os
import platform
import random
import resource
import sys
import tempfile
import time

from imports import machine  # the same machine line as the other benchmarks

VOCABULARY = (
    "la escuela gestión pedagógica maestros directora acompañamiento reunión padres "
    "comunidad niños niñas aprendizaje evaluación currículo planificación sesión aula "
    "práctica reflexión diálogo mentor mentora confianza liderazgo compromiso año "
    "también después según además porque cuando mientras entonces sí no más muy "
    "bien difícil fácil rápido pequeño grande nuevo último primero segundo tercero "
    "región Cusco Puno Apurímac Ayacucho Huancavelica quechua castellano lectura "
    "matemática comprensión participación convivencia clima institucional norma "
    "acuerdo conflicto solución capacitación formación taller visita observación "
    "retroalimentación logro dificultad recurso material tecnología conectividad "
    "señal teléfono computadora cuaderno informe documento registro asistencia "
    "horario jornada tarde mañana semana mes trabajo equipo colegas docentes "
    "de en con para por sin sobre entre desde hasta hacia que como donde quien "
    "es está son están fue era hay tiene tienen hace hicimos logramos aprendí "
    "pensé sentí creo considero opino recuerdo veo vemos queremos podemos debemos"
)
WORDS = VOCABULARY.split()
EMOJI = ["👍🏽", "😊", "🙏", "📚", "✅", "💪🏾", "🤔", "❤️"]
ROLES = ["directora", "director", "subdirectora", "coordinadora pedagógica"]
REGIONS = ["Cusco", "Puno", "Apurímac", "Ayacucho", "Huancavelica"]
CATEGORIES = {
    "Gestión pedagógica": [
        "Planificación curricular",
        "Monitoreo en aula",
        "Retroalimentación a docentes",
        "Evaluación formativa",
        "Uso de materiales",
        "Comprensión lectora",
        "Matemática",
        "Educación intercultural bilingüe",
        "Trabajo colegiado",
        "Formación en servicio",
    ],
    "Convivencia y clima escolar": [
        "Normas de convivencia",
        "Resolución de conflictos",
        "Participación estudiantil",
        "Violencia escolar",
        "Bienestar docente",
        "Confianza con la mentora",
        "Liderazgo distribuido",
        "Comunicación interna",
        "Reconocimiento",
        "Motivación",
    ],
    "Relación con la comunidad": [
        "Padres y madres de familia",
        "Autoridades locales",
        "Lengua materna",
        "Conectividad y señal",
        "Distancia y traslado",
        "Recursos de la comunidad",
        "Fiestas y calendario comunal",
        "Migración",
        "Alianzas",
        "Rendición de cuentas",
    ],
}


def transcript(rng: random.Random, code_name: str, words: int) -> str:
    """An interview of about ``words`` words in speaker turns, with the odd emoji."""
    turns, written, question = [], 0, True
    while written < words:
        n = rng.randint(15, 40) if question else rng.randint(60, 160)
        body = [rng.choice(WORDS) for _ in range(n)]
        for k in range(0, n, 12):
            body[k] = body[k].capitalize()
        if not question and rng.random() < 0.5:
            body.insert(rng.randrange(len(body)), rng.choice(EMOJI))
        text = " ".join(body)
        label = "Entrevistadora" if question else code_name
        turns.append(f"{label}: {'¿' if question else ''}{text}{'?' if question else '.'}")
        written += n
        question = not question
    return "\n".join(turns) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--words", type=int, default=4000)
    parser.add_argument("--segments", type=int, default=5000)
    parser.add_argument(
        "--long", type=float, default=10, help="a step whose first run takes longer runs once"
    )
    args = parser.parse_args()
    os.environ.setdefault("ACOMPANA_VAR_DIR", tempfile.mkdtemp(prefix="acompana-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acompana.config.settings")
    os.environ["HTTPS"] = "false"
    os.environ["STATIC_MANIFEST"] = "false"  # pages render without collectstatic
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from acompana.accounts.models import Membership, User
    from acompana.programs.models import Program
    from acompana.research import analysis, services
    from acompana.research.models import (
        Code,
        Document,
        Participant,
        Segment,
        Study,
        StudyMember,
        Variable,
    )

    load = os.getloadavg()[0]
    busy = load > 2
    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    started = time.perf_counter()
    program = Program.objects.create(slug="bench", name="Bench")
    User.objects.bulk_create(
        [User(email="coordinator@example.org", password="!")]
        + [User(email=f"r{i}@example.org", password="!") for i in (1, 2)]
    )
    coordinator, *researchers = list(User.objects.order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=coordinator, program=program, role="coordinator")]
        + [Membership(user=u, program=program, role="researcher") for u in researchers]
    )
    study = Study.objects.create(program=program, slug="tesis", title="Liderazgo directivo")
    coders = StudyMember.objects.bulk_create(
        StudyMember(study=study, user=u, code_name=f"R{i}", is_lead=i == 1)
        for i, u in enumerate(researchers, start=1)
    )
    Variable.objects.bulk_create(
        [
            Variable(study=study, name="rol", type="Text", order=0),
            Variable(study=study, name="región", type="Text", order=1),
            Variable(study=study, name="años en el cargo", type="Integer", order=2),
        ]
    )
    participants = Participant.objects.bulk_create(
        Participant(
            study=study,
            code_name=f"P{i:03d}",
            consent_date=datetime.date(2026, 3, 1),
            attributes={
                "rol": ROLES[i % len(ROLES)],
                "región": REGIONS[rng.randrange(len(REGIONS))],
                "años en el cargo": rng.randint(1, 25),
            },
        )
        for i in range(1, args.participants + 1)
    )
    documents = Document.objects.bulk_create(
        Document(
            study=study,
            name=f"Entrevista {p.code_name}",
            kind=Document.Kind.TRANSCRIPT,
            participant=p,
            text=transcript(random.Random(i), p.code_name, args.words),
            created_by=coders[0],
        )
        for i, p in enumerate(participants)
    )
    categories = Code.objects.bulk_create(
        Code(study=study, name=name, is_codable=False, order=k) for k, name in enumerate(CATEGORIES)
    )
    palette = ["#4A6FA5", "#C0392B", "#27AE60", "#8E44AD", "#D35400", "#16A085"]
    codes = Code.objects.bulk_create(
        Code(
            study=study,
            parent=category,
            name=name,
            origin="emergent" if k % 4 == 3 else "a_priori",
            color=palette[k % len(palette)],
            order=k,
        )
        for category, names in zip(categories, CATEGORIES.values(), strict=True)
        for k, name in enumerate(names)
    )
    # Popular codes are applied far more often, and a segment's other codes are mostly from
    # the same category: the co-occurrence table is neither empty nor uniform.
    weights = [1 / (1 + (k % 10)) for k in range(len(codes))]

    def pick_codes() -> list[int]:
        first = rng.choices(range(len(codes)), weights)[0]
        chosen = {first}
        for _ in range(rng.choices([0, 1, 2], [50, 35, 15])[0]):
            if rng.random() < 0.7:
                chosen.add(10 * (first // 10) + rng.randrange(10))
            else:
                chosen.add(rng.randrange(len(codes)))
        return sorted(chosen)

    per_coder = max(1, args.segments // (2 * len(documents)))
    segments, applied = [], []
    for document in documents:
        size = len(document.text)
        for _ in range(per_coder):
            start = rng.randrange(0, max(size - 700, 1))
            end = min(start + rng.randint(80, 600), size)
            which = pick_codes()
            segments.append(Segment(document=document, start=start, end=end, coder=coders[0]))
            applied.append(which)
            if rng.random() < 0.7:  # the second coder codes the same passage, a bit differently
                start = max(0, start + rng.randint(-40, 40))
                end = min(size, max(start + 20, end + rng.randint(-40, 40)))
                if rng.random() < 0.3:
                    which = pick_codes()
            else:
                start = rng.randrange(0, max(size - 700, 1))
                end = min(start + rng.randint(80, 600), size)
                which = pick_codes()
            segments.append(Segment(document=document, start=start, end=end, coder=coders[1]))
            applied.append(which)
    segments = Segment.objects.bulk_create(segments, batch_size=5000)
    Through = Segment.codes.through
    Through.objects.bulk_create(
        (
            Through(segment_id=segment.pk, code_id=codes[k].pk)
            for segment, which in zip(segments, applied, strict=True)
            for k in which
        ),
        batch_size=5000,
    )
    build_seconds = time.perf_counter() - started
    characters = sum(len(d.text) for d in documents)
    words = sum(len(d.text.split()) for d in documents)
    links = Through.objects.count()
    top_code = max(codes, key=lambda c: c.segments.count())
    top_count = top_code.segments.count()

    print(f"Machine: {machine()}, {platform.system()} {platform.release()}")
    load_line = f"Load average (1 min) at start: {load:.2f} on {os.cpu_count()} cores"
    if busy:
        load_line += " - measured while the machine was busy; figures are upper bounds"
    print(load_line)
    print(
        f"Database: {connection.vendor}; {len(participants):,} participants, "
        f"{len(documents):,} transcripts ({words:,} words, {characters:,} characters), "
        f"{len(categories)} categories x {len(codes) // len(categories)} codes, "
        f"{len(segments):,} segments by 2 coders ({links:,} code applications)"
    )
    print(f"Built with bulk_create in {build_seconds:.1f} s (once)")
    print("| step | best (ms) | runs | queries | result |")
    print("|---|---:|---:|---:|---|")
    sys.stdout.flush()

    def measure(label: str, run, describe) -> object:
        """Best of 3, or one run when the first takes more than ``--long`` seconds."""
        timings, result, queries = [], None, [0]

        def count(execute, sql, params, many, context):  # Django's query log keeps 9,000
            queries[0] += 1
            return execute(sql, params, many, context)

        while len(timings) < 3 and (not timings or timings[0] <= args.long):
            queries[0] = 0
            with connection.execute_wrapper(count):
                began = time.perf_counter()
                result = run(len(timings))
                timings.append(time.perf_counter() - began)
        print(
            f"| {label} | {min(timings) * 1000:,.0f} | {len(timings)} | {queries[0]:,} "
            f"| {describe(result)} |"
        )
        sys.stdout.flush()
        return result

    qdpx = measure(
        "`study_export_qdpx`",
        lambda _n: services.study_export_qdpx(study=study, actor=coordinator),
        lambda data: f"{len(data) / 1024**2:.1f} MiB .qdpx",
    )
    measure(
        "`study_export_qdc`",
        lambda _n: services.study_export_qdc(study=study, actor=coordinator),
        lambda data: f"{len(data) / 1024:.1f} KiB .qdc",
    )

    def import_into_new_study(n: int) -> Study:
        target = Study.objects.create(program=program, slug=f"copia-{n}", title=f"Copia {n}")
        services.study_import(study=target, actor=coordinator, data=qdpx, filename="tesis.qdpx")
        return target

    measure(
        "`study_import` (.qdpx into a new study)",
        import_into_new_study,
        lambda target: (
            f"{Segment.objects.filter(document__study=target).count():,} segments, "
            f"{Document.objects.filter(study=target).count():,} documents"
        ),
    )
    measure(
        "`cooccurrence_table` + `network_svg`",
        lambda _n: (
            table := analysis.cooccurrence_table(study),
            analysis.network_svg(table, title="Red de códigos"),
        ),
        lambda result: (
            f"{len(result[0].result.pairs)} code pairs, SVG {len(result[1]) / 1024:.0f} KiB"
        ),
    )
    measure(
        "`frequencies_by_attribute` (región)",
        lambda _n: analysis.frequencies_by_attribute(study, "región"),
        lambda result: f"{len(result.rows)} codes x {len(result.values)} values",
    )
    measure(
        "`coder_agreement` (R1, R2)",
        lambda _n: analysis.coder_agreement(study, coders[0], coders[1]),
        lambda result: f"{len(result.results)} codes over {len(result.documents)} documents",
    )
    client = Client()
    client.force_login(coordinator)
    pages = [
        (
            f"page: code retrieval ({top_count:,} segments)",
            f"/p/bench/research/tesis/codes/{top_code.pk}/",
        ),
        ("page: analysis (región)", "/p/bench/research/tesis/analysis/?attribute=región"),
    ]
    for label, url in pages:

        def get(_n: int, url: str = url):
            response = client.get(url, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, (url, response.status_code)
            return response

        measure(label, get, lambda r: f"{len(r.content) / 1024**2:.1f} MiB of HTML")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak resident memory of the process: {peak:,.0f} MiB")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    main()
