"""Frameworks shipped as editable defaults, with the verification mark of each item.

V: matches the wording of the stored source; P: only a secondary copy has it; U: unconfirmed.
P and U items are shown as "to verify" and must be checked against Minedu's official PDF
(Anexo 1 of the Marco de Buen Desempeño del Directivo) before being quoted as official.
The frameworks are stored in Spanish, Minedu's language; ``SHIPPED_TEXTS`` pairs each text
with its English (working translations, not official ones), shown to English readers while
the text is unedited (``common.shipped``).
"""

from typing import Any

MBDDIR: dict[str, Any] = {
    "slug": "mbddir",
    "name": "Marco de Buen Desempeño del Directivo (Minedu, 2014)",
    "name_en": "Good School Leadership Framework (Peru, Minedu 2014)",
    "audience": "principals",
    "source": "Minedu (2014), Marco de Buen Desempeño del Directivo, Anexo 1.",
    "note": "Verify the items marked P or U against the official PDF, Anexo 1.",
    "domains": [
        {
            "code": "DOM1",
            "name": "Gestión de las condiciones para la mejora de los aprendizajes",
            "name_en": "Managing the conditions for better learning",
            "verification": "V",
            "competencies": [
                {
                    "code": "C1",
                    "name": "Planificación institucional",
                    "name_en": "Leads participatory school planning",
                    "verification": "U",
                    "statement": "Conduce de manera participativa la planificación institucional a partir del conocimiento de los procesos pedagógicos, el clima escolar, las características de los estudiantes y su entorno, orientándola hacia el logro de metas de aprendizaje.",
                    "performances": [
                        (
                            "D1",
                            "U",
                            "Diagnostica las características del entorno institucional, familiar y social que influyen en el logro de las metas de aprendizaje.",
                        ),
                        (
                            "D2",
                            "P",
                            "Diseña de manera participativa los instrumentos de gestión escolar teniendo en cuenta las características del entorno institucional, familiar y social, estableciendo metas de aprendizaje.",
                        ),
                    ],
                },
                {
                    "code": "C2",
                    "name": "Participación democrática y clima escolar",
                    "name_en": "Democratic participation and school climate",
                    "verification": "U",
                    "statement": "Promueve y sostiene la participación democrática de los diversos actores de la institución educativa, las familias y la comunidad a favor de los aprendizajes, así como un clima escolar basado en el respeto, el estímulo, la colaboración mutua y el reconocimiento de la diversidad.",
                    "performances": [
                        (
                            "D3",
                            "P",
                            "Promueve espacios y mecanismos de organización y participación del colectivo escolar en la toma de decisiones, y en el desarrollo de acciones previstas para el cumplimiento de las metas de aprendizaje.",
                        ),
                        (
                            "D4",
                            "P",
                            "Genera un clima escolar basado en el respeto a la diversidad, colaboración y comunicación permanente.",
                        ),
                        (
                            "D5",
                            "P",
                            "Maneja estrategias de prevención y resolución pacífica de conflictos mediante el diálogo, el consenso y la negociación.",
                        ),
                        (
                            "D6",
                            "P",
                            "Promueve la participación organizada de las familias y otras instancias de la comunidad para el logro de las metas de aprendizaje a partir del reconocimiento de su capital cultural.",
                        ),
                    ],
                },
                {
                    "code": "C3",
                    "name": "Condiciones operativas",
                    "name_en": "Operating conditions and resources",
                    "verification": "U",
                    "statement": "Favorece las condiciones operativas que aseguren aprendizajes de calidad en todas y todos los estudiantes, gestionando con equidad y eficiencia los recursos humanos, materiales, de tiempo y financieros, así como previniendo riesgos.",
                    "performances": [
                        (
                            "D7",
                            "P",
                            "Gestiona el uso óptimo de la infraestructura, equipamiento y material educativo disponible, en beneficio de una enseñanza de calidad y el logro de las metas de aprendizaje de los estudiantes.",
                        ),
                        (
                            "D8",
                            "U",
                            "Gestiona el uso óptimo del tiempo en la institución educativa a favor de los aprendizajes, asegurando el cumplimiento de metas y resultados en beneficio de todos los estudiantes.",
                        ),
                        (
                            "D9",
                            "P",
                            "Gestiona el uso óptimo de los recursos financieros en beneficio de las metas de aprendizaje trazadas por la institución educativa bajo un enfoque orientado a resultados.",
                        ),
                        (
                            "D10",
                            "P",
                            "Gestiona el desarrollo de estrategias de prevención y manejo de situaciones de riesgo que aseguren la seguridad e integridad de los miembros de la comunidad educativa.",
                        ),
                        (
                            "D11",
                            "P",
                            "Dirige el equipo administrativo y/o de soporte de la institución educativa orientando su desempeño hacia el logro de los objetivos institucionales.",
                        ),
                    ],
                },
                {
                    "code": "C4",
                    "name": "Evaluación de la gestión y rendición de cuentas",
                    "name_en": "Evaluating management and accountability",
                    "verification": "U",
                    "statement": "Lidera procesos de evaluación de la gestión de la institución educativa y de rendición de cuentas en el marco de la mejora continua y el logro de aprendizajes.",
                    "performances": [
                        (
                            "D12",
                            "P",
                            "Gestiona la información que produce la escuela y la emplea como insumo en la toma de decisiones institucionales en favor de la mejora de los aprendizajes.",
                        ),
                        (
                            "D13",
                            "P",
                            "Implementa estrategias y mecanismos de transparencia y rendición de cuentas sobre la gestión escolar ante la comunidad educativa.",
                        ),
                        (
                            "D14",
                            "P",
                            "Conduce de manera participativa los procesos de autoevaluación y mejora continua, orientándolos al logro de las metas de aprendizaje.",
                        ),
                    ],
                },
            ],
        },
        {
            "code": "DOM2",
            "name": "Orientación de los procesos pedagógicos para la mejora de los aprendizajes",
            "name_en": "Guiding teaching for better learning",
            "verification": "V",
            "competencies": [
                {
                    "code": "C5",
                    "name": "Comunidad de aprendizaje docente",
                    "name_en": "Teachers' learning community",
                    "verification": "U",
                    "statement": "Promueve y lidera una comunidad de aprendizaje con las y los docentes de su institución educativa basada en la colaboración mutua, la autoevaluación profesional y la formación continua; orientada a mejorar la práctica pedagógica y asegurar logros de aprendizaje.",
                    "performances": [
                        (
                            "D15",
                            "P",
                            "Gestiona oportunidades de formación continua para los docentes, orientada a mejorar su desempeño en función al logro de las metas de aprendizaje.",
                        ),
                        (
                            "D16",
                            "P",
                            "Genera espacios y mecanismos para el trabajo colaborativo entre los docentes y la reflexión sobre las prácticas pedagógicas que contribuyen a la mejora de la enseñanza y del clima escolar.",
                        ),
                        (
                            "D17",
                            "P",
                            "Estimula las iniciativas de los docentes relacionadas a innovaciones e investigaciones pedagógicas, e impulsa su sistematización.",
                        ),
                    ],
                },
                {
                    "code": "C6",
                    "name": "Calidad de los procesos pedagógicos (acompañamiento)",
                    "name_en": "Quality of teaching through systematic accompaniment",
                    "verification": "U",
                    "statement": "Gestiona la calidad de los procesos pedagógicos al interior de su institución educativa a través del acompañamiento sistemático a las y los docentes y la reflexión conjunta con el fin de alcanzar las metas de aprendizaje.",
                    "performances": [
                        (
                            "D18",
                            "P",
                            "Orienta y promueve la participación del equipo docente en los procesos de planificación curricular a partir de los lineamientos del sistema curricular y en la articulación con la propuesta curricular regional.",
                        ),
                        (
                            "D19",
                            "P",
                            "Propicia una práctica docente basada en el aprendizaje colaborativo y por indagación, y el conocimiento de la diversidad existente en el aula y lo que es pertinente a ella.",
                        ),
                        (
                            "D20",
                            "V",
                            "Monitorea y orienta el uso de estrategias y recursos metodológicos, así como el uso efectivo del tiempo y los materiales educativos, en función del logro de las metas de aprendizaje de los estudiantes y considerando la atención de sus necesidades específicas.",
                        ),
                        (
                            "D21",
                            "P",
                            "Monitorea y orienta el proceso de evaluación de los aprendizajes a partir de criterios claros y coherentes con los aprendizajes que se desean lograr, asegurando la comunicación oportuna de los resultados y la implementación de acciones de mejora.",
                        ),
                    ],
                },
            ],
        },
    ],
}

MBDD: dict[str, Any] = {
    "slug": "mbdd",
    "name": "Marco de Buen Desempeño Docente (Minedu)",
    "name_en": "Good Teaching Framework (Peru, Minedu)",
    "audience": "teachers",
    "source": "Minedu, Marco de Buen Desempeño Docente; domains as cited in the classroom "
    "observation rubrics.",
    "note": "Only the four domains are shipped; add competencies and performances from the "
    "official text.",
    "domains": [
        {
            "code": "D1",
            "name": "Preparación para el aprendizaje de los estudiantes",
            "name_en": "Preparing for students' learning",
            "verification": "V",
            "competencies": [],
        },
        {
            "code": "D2",
            "name": "Enseñanza para el aprendizaje de los estudiantes",
            "name_en": "Teaching for students' learning",
            "verification": "V",
            "competencies": [],
        },
        {
            "code": "D3",
            "name": "Participación en la gestión de la escuela articulada a la comunidad",
            "name_en": "Taking part in running the school, linked to the community",
            "verification": "V",
            "competencies": [],
        },
        {
            "code": "D4",
            "name": "Desarrollo de la profesionalidad y la identidad docente",
            "name_en": "Developing teachers' professionalism and identity",
            "verification": "V",
            "competencies": [],
        },
    ],
}

DEFAULT_FRAMEWORKS: list[dict[str, Any]] = [MBDDIR, MBDD]
PERFORMANCE_NAME_LENGTH = 255


def load_frameworks(
    framework_model: Any, domain_model: Any, competency_model: Any, performance_model: Any
) -> None:
    """Create the default frameworks that are not there yet (never overwrites edits)."""
    for spec in DEFAULT_FRAMEWORKS:
        framework, created = framework_model.objects.get_or_create(
            slug=spec["slug"],
            defaults={k: spec[k] for k in ("name", "name_en", "audience", "source", "note")},
        )
        if not created:
            continue
        for d_pos, d in enumerate(spec["domains"]):
            domain = domain_model.objects.create(
                framework=framework,
                code=d["code"],
                name=d["name"],
                name_en=d["name_en"],
                verification=d["verification"],
                position=d_pos,
            )
            for c_pos, c in enumerate(d["competencies"]):
                competency = competency_model.objects.create(
                    domain=domain,
                    code=c["code"],
                    name=c["name"],
                    name_en=c["name_en"],
                    statement=c["statement"],
                    verification=c["verification"],
                    position=c_pos,
                )
                performance_model.objects.bulk_create(
                    performance_model(
                        competency=competency,
                        code=code,
                        name=text[:PERFORMANCE_NAME_LENGTH],
                        statement=text,
                        verification=mark,
                        position=p_pos,
                    )
                    for p_pos, (code, mark, text) in enumerate(c["performances"])
                )


# English working translations of the statements (Minedu publishes the frameworks in Spanish
# only; the Spanish stays the reference), and both languages of the notes and sources.
ENGLISH: dict[str, str] = {
    # MBDDIR competencies.
    "Conduce de manera participativa la planificación institucional a partir del conocimiento "
    "de los procesos pedagógicos, el clima escolar, las características de los estudiantes y su "
    "entorno, orientándola hacia el logro de metas de aprendizaje.": (
        "Leads the school's planning in a participatory way, building on knowledge of teaching "
        "processes, the school climate and the students and their surroundings, and directs it "
        "towards learning goals."
    ),
    "Promueve y sostiene la participación democrática de los diversos actores de la institución "
    "educativa, las familias y la comunidad a favor de los aprendizajes, así como un clima "
    "escolar basado en el respeto, el estímulo, la colaboración mutua y el reconocimiento de la "
    "diversidad.": (
        "Promotes and sustains the democratic participation of the school's members, families "
        "and the community in favour of learning, and a school climate based on respect, "
        "encouragement, mutual collaboration and the recognition of diversity."
    ),
    "Favorece las condiciones operativas que aseguren aprendizajes de calidad en todas y todos "
    "los estudiantes, gestionando con equidad y eficiencia los recursos humanos, materiales, de "
    "tiempo y financieros, así como previniendo riesgos.": (
        "Fosters the operating conditions that ensure quality learning for every student, "
        "managing people, materials, time and money fairly and efficiently, and preventing "
        "risks."
    ),
    "Lidera procesos de evaluación de la gestión de la institución educativa y de rendición de "
    "cuentas en el marco de la mejora continua y el logro de aprendizajes.": (
        "Leads the evaluation of how the school is run and its accountability, within "
        "continuous improvement and the achievement of learning."
    ),
    "Promueve y lidera una comunidad de aprendizaje con las y los docentes de su institución "
    "educativa basada en la colaboración mutua, la autoevaluación profesional y la formación "
    "continua; orientada a mejorar la práctica pedagógica y asegurar logros de aprendizaje.": (
        "Promotes and leads a learning community with the school's teachers based on mutual "
        "collaboration, professional self-assessment and continuous training, aimed at "
        "improving teaching practice and securing learning."
    ),
    "Gestiona la calidad de los procesos pedagógicos al interior de su institución educativa a "
    "través del acompañamiento sistemático a las y los docentes y la reflexión conjunta con el "
    "fin de alcanzar las metas de aprendizaje.": (
        "Manages the quality of teaching in the school through the systematic accompaniment of "
        "its teachers and joint reflection, in order to reach the learning goals."
    ),
    # MBDDIR performances.
    "Diagnostica las características del entorno institucional, familiar y social que influyen "
    "en el logro de las metas de aprendizaje.": (
        "Diagnoses the features of the school, family and social surroundings that influence "
        "the achievement of the learning goals."
    ),
    "Diseña de manera participativa los instrumentos de gestión escolar teniendo en cuenta las "
    "características del entorno institucional, familiar y social, estableciendo metas de "
    "aprendizaje.": (
        "Designs the school's management instruments in a participatory way, taking the "
        "school, family and social surroundings into account and setting learning goals."
    ),
    "Promueve espacios y mecanismos de organización y participación del colectivo escolar en la "
    "toma de decisiones, y en el desarrollo de acciones previstas para el cumplimiento de las "
    "metas de aprendizaje.": (
        "Promotes spaces and ways for the school community to organise and take part in "
        "decisions and in the actions planned to meet the learning goals."
    ),
    "Genera un clima escolar basado en el respeto a la diversidad, colaboración y comunicación "
    "permanente.": (
        "Creates a school climate based on respect for diversity, collaboration and constant "
        "communication."
    ),
    "Maneja estrategias de prevención y resolución pacífica de conflictos mediante el diálogo, "
    "el consenso y la negociación.": (
        "Uses strategies to prevent conflicts and resolve them peacefully through dialogue, "
        "consensus and negotiation."
    ),
    "Promueve la participación organizada de las familias y otras instancias de la comunidad "
    "para el logro de las metas de aprendizaje a partir del reconocimiento de su capital "
    "cultural.": (
        "Promotes the organised participation of families and other community bodies in "
        "reaching the learning goals, recognising their cultural capital."
    ),
    "Gestiona el uso óptimo de la infraestructura, equipamiento y material educativo "
    "disponible, en beneficio de una enseñanza de calidad y el logro de las metas de "
    "aprendizaje de los estudiantes.": (
        "Manages the best use of the available buildings, equipment and teaching materials for "
        "quality teaching and the students' learning goals."
    ),
    "Gestiona el uso óptimo del tiempo en la institución educativa a favor de los "
    "aprendizajes, asegurando el cumplimiento de metas y resultados en beneficio de todos los "
    "estudiantes.": (
        "Manages the best use of time in the school in favour of learning, ensuring that goals "
        "and results are met for every student."
    ),
    "Gestiona el uso óptimo de los recursos financieros en beneficio de las metas de "
    "aprendizaje trazadas por la institución educativa bajo un enfoque orientado a "
    "resultados.": (
        "Manages the best use of financial resources for the school's learning goals, with a "
        "focus on results."
    ),
    "Gestiona el desarrollo de estrategias de prevención y manejo de situaciones de riesgo que "
    "aseguren la seguridad e integridad de los miembros de la comunidad educativa.": (
        "Manages strategies to prevent and handle risky situations that keep the members of the "
        "school community safe and unharmed."
    ),
    "Dirige el equipo administrativo y/o de soporte de la institución educativa orientando su "
    "desempeño hacia el logro de los objetivos institucionales.": (
        "Leads the school's administrative and/or support staff, directing their work towards "
        "the school's objectives."
    ),
    "Gestiona la información que produce la escuela y la emplea como insumo en la toma de "
    "decisiones institucionales en favor de la mejora de los aprendizajes.": (
        "Manages the information the school produces and uses it to make the school's "
        "decisions in favour of better learning."
    ),
    "Implementa estrategias y mecanismos de transparencia y rendición de cuentas sobre la "
    "gestión escolar ante la comunidad educativa.": (
        "Puts in place strategies and ways to be transparent and accountable to the school "
        "community about how the school is run."
    ),
    "Conduce de manera participativa los procesos de autoevaluación y mejora continua, "
    "orientándolos al logro de las metas de aprendizaje.": (
        "Leads self-assessment and continuous improvement in a participatory way, directed at "
        "the learning goals."
    ),
    "Gestiona oportunidades de formación continua para los docentes, orientada a mejorar su "
    "desempeño en función al logro de las metas de aprendizaje.": (
        "Arranges continuous training for the teachers to improve their work towards the "
        "learning goals."
    ),
    "Genera espacios y mecanismos para el trabajo colaborativo entre los docentes y la "
    "reflexión sobre las prácticas pedagógicas que contribuyen a la mejora de la enseñanza y "
    "del clima escolar.": (
        "Creates spaces and ways for teachers to work together and reflect on their teaching "
        "practices, to improve teaching and the school climate."
    ),
    "Estimula las iniciativas de los docentes relacionadas a innovaciones e investigaciones "
    "pedagógicas, e impulsa su sistematización.": (
        "Encourages teachers' initiatives in teaching innovation and research, and drives "
        "their systematic recording."
    ),
    "Orienta y promueve la participación del equipo docente en los procesos de planificación "
    "curricular a partir de los lineamientos del sistema curricular y en la articulación con "
    "la propuesta curricular regional.": (
        "Guides and promotes the teachers' participation in curriculum planning, following the "
        "national curriculum guidelines and in line with the regional curriculum."
    ),
    "Propicia una práctica docente basada en el aprendizaje colaborativo y por indagación, y "
    "el conocimiento de la diversidad existente en el aula y lo que es pertinente a ella.": (
        "Fosters teaching based on collaborative and inquiry-based learning, and on knowing the "
        "diversity in the classroom and what suits it."
    ),
    "Monitorea y orienta el uso de estrategias y recursos metodológicos, así como el uso "
    "efectivo del tiempo y los materiales educativos, en función del logro de las metas de "
    "aprendizaje de los estudiantes y considerando la atención de sus necesidades "
    "específicas.": (
        "Monitors and guides the use of teaching strategies and resources, and the effective "
        "use of time and materials, towards the students' learning goals and attending to "
        "their specific needs."
    ),
    "Monitorea y orienta el proceso de evaluación de los aprendizajes a partir de criterios "
    "claros y coherentes con los aprendizajes que se desean lograr, asegurando la "
    "comunicación oportuna de los resultados y la implementación de acciones de mejora.": (
        "Monitors and guides the assessment of learning against clear criteria consistent with "
        "the learning sought, ensuring that results are communicated in time and that "
        "improvements follow."
    ),
    # Sources and notes.
    "Minedu (2014), Marco de Buen Desempeño del Directivo, Anexo 1.": (
        "Minedu (2014), Marco de Buen Desempeño del Directivo (Good School Leadership "
        "Framework), Annex 1."
    ),
}

# The Good Teaching Framework's source and both notes were written in English: their Spanish.
SPANISH: dict[str, str] = {
    "Minedu, Marco de Buen Desempeño Docente; domains as cited in the classroom observation "
    "rubrics.": (
        "Minedu, Marco de Buen Desempeño Docente; dominios citados en las rúbricas de "
        "observación de aula."
    ),
    "Verify the items marked P or U against the official PDF, Anexo 1.": (
        "Verifique los elementos marcados P o U con el PDF oficial, Anexo 1."
    ),
    "Only the four domains are shipped; add competencies and performances from the "
    "official text.": (
        "Solo se incluyen los cuatro dominios; agregue las competencias y los desempeños del "
        "texto oficial."
    ),
}


def framework_pairs() -> list[tuple[str, str]]:
    """(Spanish, English) of every name, statement, source and note of the shipped
    frameworks. A performance's name is its statement cut to the name's length."""
    pairs: list[tuple[str, str]] = []
    for spec in DEFAULT_FRAMEWORKS:
        pairs.append((spec["name"], spec["name_en"]))
        for text in (spec["source"], spec["note"]):
            if text in SPANISH:
                pairs.append((SPANISH[text], text))
            else:
                pairs.append((text, ENGLISH.get(text, "")))
        for domain in spec["domains"]:
            pairs.append((domain["name"], domain["name_en"]))
            for competency in domain["competencies"]:
                pairs.append((competency["name"], competency["name_en"]))
                statement = competency["statement"]
                pairs.append((statement, ENGLISH.get(statement, "")))
                for _code, _mark, text in competency["performances"]:
                    pairs.append((text, ENGLISH.get(text, "")))
                    if len(text) > PERFORMANCE_NAME_LENGTH:
                        pairs.append((text[:PERFORMANCE_NAME_LENGTH], ENGLISH.get(text, "")))
    return pairs


SHIPPED_TEXTS: list[tuple[str, str]] = framework_pairs()
