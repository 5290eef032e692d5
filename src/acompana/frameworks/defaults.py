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
    "note": "The four domains and nine competencies are shipped; add the performances from "
    "the official text.",
    "domains": [
        {
            "code": "D1",
            "name": "Preparación para el aprendizaje de los estudiantes",
            "name_en": "Preparing for students' learning",
            "verification": "V",
            "competencies": [
                {
                    "code": "C1",
                    "name": "Conocimiento de los estudiantes, los contenidos y los enfoques pedagógicos",
                    "name_en": "Knowing the students, the content and teaching approaches",
                    "verification": "P",
                    "statement": "Conoce y comprende las características de todos sus estudiantes y sus contextos, los contenidos disciplinares que enseña, los enfoques y procesos pedagógicos, con el propósito de promover capacidades de alto nivel y su formación integral.",
                    "performances": [],
                },
                {
                    "code": "C2",
                    "name": "Planificación colegiada de la enseñanza",
                    "name_en": "Planning teaching together",
                    "verification": "P",
                    "statement": "Planifica la enseñanza de forma colegiada garantizando la coherencia entre los aprendizajes que quiere lograr en sus estudiantes, el proceso pedagógico, el uso de los recursos disponibles y la evaluación, en una programación curricular en permanente revisión.",
                    "performances": [],
                },
            ],
        },
        {
            "code": "D2",
            "name": "Enseñanza para el aprendizaje de los estudiantes",
            "name_en": "Teaching for students' learning",
            "verification": "V",
            "competencies": [
                {
                    "code": "C3",
                    "name": "Clima propicio para el aprendizaje y convivencia democrática",
                    "name_en": "A climate for learning and democratic coexistence",
                    "verification": "P",
                    "statement": "Crea un clima propicio para el aprendizaje, la convivencia democrática y la vivencia de la diversidad en todas sus expresiones, con miras a formar ciudadanos críticos e interculturales.",
                    "performances": [],
                },
                {
                    "code": "C4",
                    "name": "Conducción del proceso de enseñanza",
                    "name_en": "Leading the teaching process",
                    "verification": "P",
                    "statement": "Conduce el proceso de enseñanza con dominio de los contenidos disciplinares y el uso de estrategias y recursos pertinentes, para que todos los estudiantes aprendan de manera reflexiva y crítica lo que concierne a la solución de problemas relacionados con sus experiencias, intereses y contextos culturales.",
                    "performances": [],
                },
                {
                    "code": "C5",
                    "name": "Evaluación permanente del aprendizaje",
                    "name_en": "Assessing learning continuously",
                    "verification": "P",
                    "statement": "Evalúa permanentemente el aprendizaje de acuerdo a los objetivos institucionales previstos, para tomar decisiones y retroalimentar a sus estudiantes y a la comunidad educativa, teniendo en cuenta las diferencias individuales y los contextos culturales.",
                    "performances": [],
                },
            ],
        },
        {
            "code": "D3",
            "name": "Participación en la gestión de la escuela articulada a la comunidad",
            "name_en": "Taking part in running the school, linked to the community",
            "verification": "V",
            "competencies": [
                {
                    "code": "C6",
                    "name": "Participación en la gestión de la escuela",
                    "name_en": "Taking part in running the school",
                    "verification": "P",
                    "statement": "Participa activamente con actitud democrática, crítica y colaborativa en la gestión de la escuela, contribuyendo a la construcción y mejora continua del Proyecto Educativo Institucional para que genere aprendizajes de calidad.",
                    "performances": [],
                },
                {
                    "code": "C7",
                    "name": "Relaciones con las familias y la comunidad",
                    "name_en": "Working with families and the community",
                    "verification": "P",
                    "statement": "Establece relaciones de respeto, colaboración y corresponsabilidad con las familias, la comunidad y otras instituciones del Estado y la sociedad civil. Aprovecha sus saberes y recursos en los procesos educativos y da cuenta de los resultados.",
                    "performances": [],
                },
            ],
        },
        {
            "code": "D4",
            "name": "Desarrollo de la profesionalidad y la identidad docente",
            "name_en": "Developing teachers' professionalism and identity",
            "verification": "V",
            "competencies": [
                {
                    "code": "C8",
                    "name": "Reflexión sobre la práctica y aprendizaje continuo",
                    "name_en": "Reflecting on practice and learning continuously",
                    "verification": "U",
                    "statement": "Reflexiona sobre su práctica y experiencia institucional y desarrolla procesos de aprendizaje continuo de modo individual y colectivo, para construir y armar su identidad y responsabilidad profesional.",
                    "performances": [],
                },
                {
                    "code": "C9",
                    "name": "Ética profesional",
                    "name_en": "Professional ethics",
                    "verification": "P",
                    "statement": "Ejerce su profesión desde una ética de respeto de los derechos fundamentales de las personas, demostrando honestidad, justicia, responsabilidad y compromiso con su función social.",
                    "performances": [],
                },
            ],
        },
    ],
}


def _strands(mark: str, rows: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """Strands (competencies) without statement or performances: (code, Spanish, English)."""
    return [
        {
            "code": code,
            "name": name,
            "name_en": name_en,
            "verification": mark,
            "statement": "",
            "performances": [],
        }
        for code, name, name_en in rows
    ]


# The official PPST is in English: ``name_en`` holds the official strand titles as a secondary
# copy gives them (P); ``name`` is a working Spanish translation.
PPST: dict[str, Any] = {
    "slug": "ppst",
    "name": "Estándares Profesionales para Docentes de Filipinas (PPST, DepEd DO 42, s. 2017)",
    "name_en": "Philippine Professional Standards for Teachers (PPST, DepEd DO 42, s. 2017)",
    "audience": "teachers",
    "source": "DepEd Order No. 42, s. 2017, Philippine Professional Standards for Teachers; "
    "strand titles and career stages as given by secondary copies.",
    "note": "Strand titles and stage descriptions come from secondary copies: verify them "
    "against DO 42, s. 2017. The 37 indicators of each career stage are not shipped; add "
    "them from the official text.",
    "career_stages": [
        (
            "CS1",
            "Principiante",
            "Beginning",
            "P",
            "Los docentes principiantes han obtenido las calificaciones reconocidas para el "
            "ingreso a la profesión docente.",
        ),
        (
            "CS2",
            "Competente",
            "Proficient",
            "P",
            "Los docentes competentes son profesionalmente independientes en la aplicación de "
            "las habilidades esenciales para el proceso de enseñanza y aprendizaje.",
        ),
        (
            "CS3",
            "Altamente competente",
            "Highly Proficient",
            "P",
            "Los docentes altamente competentes muestran de manera constante un alto nivel de "
            "desempeño en su práctica docente.",
        ),
        (
            "CS4",
            "Distinguido",
            "Distinguished",
            "P",
            "Los docentes distinguidos encarnan los más altos estándares de la enseñanza, "
            "fundados en las mejores prácticas mundiales.",
        ),
    ],
    "domains": [
        {
            "code": "D1",
            "name": "Conocimiento del contenido y pedagogía",
            "name_en": "Content Knowledge and Pedagogy",
            "verification": "V",
            "competencies": _strands(
                "P",
                [
                    (
                        "1.1",
                        "El conocimiento del contenido y su aplicación dentro de las áreas "
                        "curriculares y entre ellas",
                        "Content knowledge and its application within and across curriculum areas",
                    ),
                    (
                        "1.2",
                        "Conocimiento basado en la investigación y principios de enseñanza y "
                        "aprendizaje",
                        "Research-based knowledge and principles of teaching and learning",
                    ),
                    ("1.3", "Uso positivo de las TIC", "Positive use of ICT"),
                    (
                        "1.4",
                        "Estrategias para promover la lectoescritura y la numeración",
                        "Strategies for promoting literacy and numeracy",
                    ),
                    (
                        "1.5",
                        "Estrategias para desarrollar el pensamiento crítico y creativo y otras "
                        "habilidades de pensamiento de orden superior",
                        "Strategies for developing critical and creative thinking, as well as "
                        "other higher-order thinking skills",
                    ),
                    (
                        "1.6",
                        "Lengua materna, filipino e inglés en la enseñanza y el aprendizaje",
                        "Mother Tongue, Filipino and English in teaching and learning",
                    ),
                    (
                        "1.7",
                        "Estrategias de comunicación en el aula",
                        "Classroom communication strategies",
                    ),
                ],
            ),
        },
        {
            "code": "D2",
            "name": "Ambiente de aprendizaje",
            "name_en": "Learning Environment",
            "verification": "V",
            "competencies": _strands(
                "P",
                [
                    (
                        "2.1",
                        "Seguridad y protección de los estudiantes",
                        "Learner safety and security",
                    ),
                    ("2.2", "Ambiente de aprendizaje justo", "Fair learning environment"),
                    (
                        "2.3",
                        "Gestión de la estructura y las actividades del aula",
                        "Management of classroom structure and activities",
                    ),
                    (
                        "2.4",
                        "Apoyo a la participación de los estudiantes",
                        "Support for learner participation",
                    ),
                    (
                        "2.5",
                        "Promoción del aprendizaje con propósito",
                        "Promotion of purposive learning",
                    ),
                    (
                        "2.6",
                        "Gestión del comportamiento de los estudiantes",
                        "Management of learner behavior",
                    ),
                ],
            ),
        },
        {
            "code": "D3",
            "name": "Diversidad de los estudiantes",
            "name_en": "Diversity of Learners",
            "verification": "V",
            "competencies": _strands(
                "P",
                [
                    (
                        "3.1",
                        "Género, necesidades, fortalezas, intereses y experiencias de los "
                        "estudiantes",
                        "Learners' gender, needs, strengths, interests and experiences",
                    ),
                    (
                        "3.2",
                        "Antecedentes lingüísticos, culturales, socioeconómicos y religiosos de "
                        "los estudiantes",
                        "Learners' linguistic, cultural, socio-economic and religious backgrounds",
                    ),
                    (
                        "3.3",
                        "Estudiantes con discapacidad, superdotación y talentos",
                        "Learners with disabilities, giftedness and talents",
                    ),
                    (
                        "3.4",
                        "Estudiantes en circunstancias difíciles",
                        "Learners in difficult circumstances",
                    ),
                    (
                        "3.5",
                        "Estudiantes de pueblos indígenas",
                        "Learners from indigenous groups",
                    ),
                ],
            ),
        },
        {
            "code": "D4",
            "name": "Currículo y planificación",
            "name_en": "Curriculum and Planning",
            "verification": "V",
            "competencies": _strands(
                "P",
                [
                    (
                        "4.1",
                        "Planificación y gestión del proceso de enseñanza y aprendizaje",
                        "Planning and management of teaching and learning process",
                    ),
                    (
                        "4.2",
                        "Resultados de aprendizaje alineados con las competencias de aprendizaje",
                        "Learning outcomes aligned with learning competencies",
                    ),
                    (
                        "4.3",
                        "Pertinencia y capacidad de respuesta de los programas de aprendizaje",
                        "Relevance and responsiveness of learning programs",
                    ),
                    (
                        "4.4",
                        "Colaboración profesional para enriquecer la práctica docente",
                        "Professional collaboration to enrich teaching practice",
                    ),
                    (
                        "4.5",
                        "Recursos de enseñanza y aprendizaje, incluidas las TIC",
                        "Teaching and learning resources including ICT",
                    ),
                ],
            ),
        },
        {
            "code": "D5",
            "name": "Evaluación y reporte",
            "name_en": "Assessment and Reporting",
            "verification": "V",
            "competencies": _strands(
                "P",
                [
                    (
                        "5.1",
                        "Diseño, selección, organización y uso de estrategias de evaluación",
                        "Design, selection, organization and utilization of assessment strategies",
                    ),
                    (
                        "5.2",
                        "Seguimiento y evaluación del progreso y el logro de los estudiantes",
                        "Monitoring and evaluation of learner progress and achievement",
                    ),
                    (
                        "5.3",
                        "Retroalimentación para mejorar el aprendizaje",
                        "Feedback to improve learning",
                    ),
                    (
                        "5.4",
                        "Comunicación de las necesidades, el progreso y el logro de los "
                        "estudiantes a los actores clave",
                        "Communication of learner needs, progress and achievement to key "
                        "stakeholders",
                    ),
                    (
                        "5.5",
                        "Uso de los datos de evaluación para mejorar las prácticas y los "
                        "programas de enseñanza y aprendizaje",
                        "Use of assessment data to enhance teaching and learning practices "
                        "and programs",
                    ),
                ],
            ),
        },
        {
            "code": "D6",
            "name": "Vínculos con la comunidad y compromiso profesional",
            "name_en": "Community Linkages and Professional Engagement",
            "verification": "V",
            "competencies": _strands(
                "P",
                [
                    (
                        "6.1",
                        "Creación de ambientes de aprendizaje que respondan a los contextos de "
                        "la comunidad",
                        "Establishment of learning environments that are responsive to "
                        "community contexts",
                    ),
                    (
                        "6.2",
                        "Participación de las familias y de la comunidad escolar en el proceso "
                        "educativo",
                        "Engagement of parents and the wider school community in the "
                        "educative process",
                    ),
                    ("6.3", "Ética profesional", "Professional ethics"),
                    (
                        "6.4",
                        "Políticas y procedimientos de la escuela",
                        "School policies and procedures",
                    ),
                ],
            ),
        },
        {
            "code": "D7",
            "name": "Crecimiento personal y desarrollo profesional",
            "name_en": "Personal Growth and Professional Development",
            "verification": "V",
            "competencies": _strands(
                "P",
                [
                    ("7.1", "Filosofía de la enseñanza", "Philosophy of teaching"),
                    (
                        "7.2",
                        "Dignidad de la docencia como profesión",
                        "Dignity of teaching as a profession",
                    ),
                    (
                        "7.3",
                        "Vínculos profesionales con colegas",
                        "Professional links with colleagues",
                    ),
                    (
                        "7.4",
                        "Reflexión y aprendizaje profesional para mejorar la práctica",
                        "Professional reflection and learning to improve practice",
                    ),
                    (
                        "7.5",
                        "Metas de desarrollo profesional",
                        "Professional development goals",
                    ),
                ],
            ),
        },
    ],
}

# The school heads' standards: the five domain names are confirmed (V); the strand titles are
# not in the stored sources (U, written from memory): verify every one against DO 24, s. 2020.
PPSSH: dict[str, Any] = {
    "slug": "ppssh",
    "name": "Estándares Profesionales para Directores de Escuela de Filipinas (PPSSH, DepEd "
    "DO 24, s. 2020)",
    "name_en": "Philippine Professional Standards for School Heads (PPSSH, DepEd DO 24, s. 2020)",
    "audience": "principals",
    "source": "DepEd Order No. 24, s. 2020, Philippine Professional Standards for School Heads.",
    "note": "The domain names are confirmed; the strand titles are unconfirmed and the career "
    "stages are shipped without descriptions or indicators: verify and complete them against "
    "DO 24, s. 2020.",
    "career_stages": [
        ("CS1", "Etapa de carrera 1", "Career Stage 1", "U", ""),
        ("CS2", "Etapa de carrera 2", "Career Stage 2", "U", ""),
        ("CS3", "Etapa de carrera 3", "Career Stage 3", "U", ""),
        ("CS4", "Etapa de carrera 4", "Career Stage 4", "U", ""),
    ],
    "domains": [
        {
            "code": "D1",
            "name": "Liderazgo estratégico",
            "name_en": "Leading Strategically",
            "verification": "V",
            "competencies": _strands(
                "U",
                [
                    ("1.1", "Visión, misión y valores", "Vision, mission and core values"),
                    (
                        "1.2",
                        "Planificación escolar e implementación",
                        "School planning and implementation",
                    ),
                    (
                        "1.3",
                        "Implementación y revisión de políticas",
                        "Policy implementation and review",
                    ),
                    ("1.4", "Investigación e innovación", "Research and innovation"),
                    (
                        "1.5",
                        "Diseño e implementación de programas",
                        "Program design and implementation",
                    ),
                    ("1.6", "La voz de los estudiantes", "Learner voice"),
                    (
                        "1.7",
                        "Procesos y herramientas de seguimiento y evaluación",
                        "Monitoring and evaluation processes and tools",
                    ),
                ],
            ),
        },
        {
            "code": "D2",
            "name": "Gestión de las operaciones y los recursos de la escuela",
            "name_en": "Managing School Operations and Resources",
            "verification": "V",
            "competencies": _strands(
                "U",
                [
                    ("2.1", "Gestión de registros", "Records management"),
                    ("2.2", "Gestión financiera", "Financial management"),
                    (
                        "2.3",
                        "Instalaciones y equipamiento de la escuela",
                        "School facilities and equipment",
                    ),
                    ("2.4", "Gestión del personal", "Management of staff"),
                    (
                        "2.5",
                        "Seguridad escolar para la preparación, mitigación y resiliencia ante "
                        "desastres",
                        "School safety for disaster preparedness, mitigation and resiliency",
                    ),
                    (
                        "2.6",
                        "Oportunidades y desafíos emergentes",
                        "Emerging opportunities and challenges",
                    ),
                ],
            ),
        },
        {
            "code": "D3",
            "name": "Foco en la enseñanza y el aprendizaje",
            "name_en": "Focusing on Teaching and Learning",
            "verification": "V",
            "competencies": _strands(
                "U",
                [
                    (
                        "3.1",
                        "Revisión, contextualización e implementación de los estándares de "
                        "aprendizaje en la escuela",
                        "School-based review, contextualization and implementation of "
                        "learning standards",
                    ),
                    (
                        "3.2",
                        "Estándares de enseñanza y pedagogías",
                        "Teaching standards and pedagogies",
                    ),
                    (
                        "3.3",
                        "Retroalimentación sobre el desempeño docente",
                        "Teacher performance feedback",
                    ),
                    (
                        "3.4",
                        "Logros de los estudiantes y otros indicadores de desempeño",
                        "Learner achievement and other performance indicators",
                    ),
                    ("3.5", "Evaluación del aprendizaje", "Learning assessment"),
                    ("3.6", "Ambiente de aprendizaje", "Learning environment"),
                    (
                        "3.7",
                        "Orientación y oportunidades vocacionales",
                        "Career awareness and opportunities",
                    ),
                    ("3.8", "Disciplina de los estudiantes", "Learner discipline"),
                ],
            ),
        },
        {
            "code": "D4",
            "name": "Desarrollo de sí mismo y de los demás",
            "name_en": "Developing Self and Others",
            "verification": "V",
            "competencies": _strands(
                "U",
                [
                    (
                        "4.1",
                        "Desarrollo personal y profesional",
                        "Personal and professional development",
                    ),
                    (
                        "4.2",
                        "Reflexión y aprendizaje profesional",
                        "Professional reflection and learning",
                    ),
                    ("4.3", "Redes profesionales", "Professional networks"),
                    ("4.4", "Gestión del desempeño", "Performance management"),
                    (
                        "4.5",
                        "Desarrollo profesional del personal de la escuela",
                        "Professional development of school personnel",
                    ),
                    (
                        "4.6",
                        "Desarrollo del liderazgo del personal de la escuela",
                        "Leadership development of school personnel",
                    ),
                    (
                        "4.7",
                        "Bienestar general del personal",
                        "General welfare of human resources",
                    ),
                ],
            ),
        },
        {
            "code": "D5",
            "name": "Construcción de vínculos",
            "name_en": "Building Connections",
            "verification": "V",
            "competencies": _strands(
                "U",
                [
                    (
                        "5.1",
                        "Gestión de relaciones diversas",
                        "Management of diverse relationships",
                    ),
                    (
                        "5.2",
                        "Gestión de las organizaciones de la escuela",
                        "Management of school organizations",
                    ),
                    ("5.3", "Práctica inclusiva", "Inclusive practice"),
                    ("5.4", "Comunicación", "Communication"),
                    ("5.5", "Participación de la comunidad", "Community engagement"),
                ],
            ),
        },
    ],
}


DEFAULT_FRAMEWORKS: list[dict[str, Any]] = [MBDDIR, MBDD, PPST, PPSSH]
PERFORMANCE_NAME_LENGTH = 255


def load_frameworks(
    framework_model: Any,
    domain_model: Any,
    competency_model: Any,
    performance_model: Any,
    stage_model: Any = None,
) -> None:
    """Create what is missing of the default frameworks, never touching what is there (edits
    stay): a missing framework or domain, the competencies of a domain that has none, the
    career stages of a framework that has none (when ``stage_model`` is given: the stages came
    after the first frameworks shipped)."""
    for spec in DEFAULT_FRAMEWORKS:
        framework, _created = framework_model.objects.get_or_create(
            slug=spec["slug"],
            defaults={k: spec[k] for k in ("name", "name_en", "audience", "source", "note")},
        )
        for d_pos, d in enumerate(spec["domains"]):
            domain, _new = domain_model.objects.get_or_create(
                framework=framework,
                code=d["code"],
                defaults={
                    "name": d["name"],
                    "name_en": d["name_en"],
                    "verification": d["verification"],
                    "position": d_pos,
                },
            )
            if competency_model.objects.filter(domain=domain).exists():
                continue
            _load_competencies(domain, d["competencies"], competency_model, performance_model)
        stages = spec.get("career_stages", [])
        if stage_model is None or not stages:
            continue
        if stage_model.objects.filter(framework=framework).exists():
            continue
        stage_model.objects.bulk_create(
            stage_model(
                framework=framework,
                code=code,
                name=name,
                name_en=name_en,
                verification=mark,
                statement=description,
                position=pos,
            )
            for pos, (code, name, name_en, mark, description) in enumerate(stages)
        )


def _load_competencies(
    domain: Any, competencies: list[dict[str, Any]], competency_model: Any, performance_model: Any
) -> None:
    for c_pos, c in enumerate(competencies):
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
    # MBDD competencies.
    "Conoce y comprende las características de todos sus estudiantes y sus contextos, los "
    "contenidos disciplinares que enseña, los enfoques y procesos pedagógicos, con el propósito "
    "de promover capacidades de alto nivel y su formación integral.": (
        "Knows and understands the characteristics of all their students and their contexts, "
        "the subject content they teach and teaching approaches and processes, in order to "
        "promote high-level capacities and the students' all-round education."
    ),
    "Planifica la enseñanza de forma colegiada garantizando la coherencia entre los "
    "aprendizajes que quiere lograr en sus estudiantes, el proceso pedagógico, el uso de los "
    "recursos disponibles y la evaluación, en una programación curricular en permanente "
    "revisión.": (
        "Plans teaching together with colleagues, keeping the learning sought, the teaching "
        "process, the use of the available resources and assessment consistent, in a "
        "curriculum plan under constant review."
    ),
    "Crea un clima propicio para el aprendizaje, la convivencia democrática y la vivencia de la "
    "diversidad en todas sus expresiones, con miras a formar ciudadanos críticos e "
    "interculturales.": (
        "Creates a climate that favours learning, democratic coexistence and diversity in all "
        "its forms, to form critical and intercultural citizens."
    ),
    "Conduce el proceso de enseñanza con dominio de los contenidos disciplinares y el uso de "
    "estrategias y recursos pertinentes, para que todos los estudiantes aprendan de manera "
    "reflexiva y crítica lo que concierne a la solución de problemas relacionados con sus "
    "experiencias, intereses y contextos culturales.": (
        "Leads teaching with command of the subject content and suitable strategies and "
        "resources, so that every student learns reflectively and critically to solve "
        "problems related to their experiences, interests and cultural contexts."
    ),
    "Evalúa permanentemente el aprendizaje de acuerdo a los objetivos institucionales "
    "previstos, para tomar decisiones y retroalimentar a sus estudiantes y a la comunidad "
    "educativa, teniendo en cuenta las diferencias individuales y los contextos culturales.": (
        "Assesses learning continuously against the school's objectives, to take decisions and "
        "give feedback to the students and the school community, taking individual differences "
        "and cultural contexts into account."
    ),
    "Participa activamente con actitud democrática, crítica y colaborativa en la gestión de la "
    "escuela, contribuyendo a la construcción y mejora continua del Proyecto Educativo "
    "Institucional para que genere aprendizajes de calidad.": (
        "Takes an active, democratic, critical and collaborative part in running the school, "
        "contributing to building and continuously improving the school's educational project "
        "so that it produces quality learning."
    ),
    "Establece relaciones de respeto, colaboración y corresponsabilidad con las familias, la "
    "comunidad y otras instituciones del Estado y la sociedad civil. Aprovecha sus saberes y "
    "recursos en los procesos educativos y da cuenta de los resultados.": (
        "Builds relationships of respect, collaboration and shared responsibility with "
        "families, the community and other public and civil-society bodies; draws on their "
        "knowledge and resources in education and reports on the results."
    ),
    "Reflexiona sobre su práctica y experiencia institucional y desarrolla procesos de "
    "aprendizaje continuo de modo individual y colectivo, para construir y armar su identidad "
    "y responsabilidad profesional.": (
        "Reflects on their practice and experience in the school and learns continuously, alone "
        "and with others, to build their professional identity and responsibility."
    ),
    "Ejerce su profesión desde una ética de respeto de los derechos fundamentales de las "
    "personas, demostrando honestidad, justicia, responsabilidad y compromiso con su función "
    "social.": (
        "Practises the profession with an ethic of respect for people's fundamental rights, "
        "showing honesty, fairness, responsibility and commitment to its social role."
    ),
    # PPST career stages: the official English (a secondary copy's wording).
    "Los docentes principiantes han obtenido las calificaciones reconocidas para el ingreso a "
    "la profesión docente.": (
        "Beginning Teachers have gained the qualifications recognized for entry into the "
        "teaching profession."
    ),
    "Los docentes competentes son profesionalmente independientes en la aplicación de las "
    "habilidades esenciales para el proceso de enseñanza y aprendizaje.": (
        "Proficient Teachers are professionally independent in the application of skills vital "
        "to the teaching and learning process."
    ),
    "Los docentes altamente competentes muestran de manera constante un alto nivel de "
    "desempeño en su práctica docente.": (
        "Highly Proficient Teachers consistently display a high level of performance in their "
        "teaching practice."
    ),
    "Los docentes distinguidos encarnan los más altos estándares de la enseñanza, fundados en "
    "las mejores prácticas mundiales.": (
        "Distinguished Teachers embody the highest standards for teaching grounded in global "
        "best practice."
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
    "The four domains and nine competencies are shipped; add the performances from the "
    "official text.": (
        "Se incluyen los cuatro dominios y las nueve competencias; agregue los desempeños del "
        "texto oficial."
    ),
    "DepEd Order No. 42, s. 2017, Philippine Professional Standards for Teachers; strand "
    "titles and career stages as given by secondary copies.": (
        "DepEd Order No. 42, s. 2017, Philippine Professional Standards for Teachers; títulos "
        "de los componentes y etapas de carrera según copias secundarias."
    ),
    "Strand titles and stage descriptions come from secondary copies: verify them against "
    "DO 42, s. 2017. The 37 indicators of each career stage are not shipped; add them from "
    "the official text.": (
        "Los títulos de los componentes y las descripciones de las etapas provienen de copias "
        "secundarias: verifíquelos con la DO 42, s. 2017. Los 37 indicadores de cada etapa de "
        "carrera no se incluyen; agréguelos del texto oficial."
    ),
    "DepEd Order No. 24, s. 2020, Philippine Professional Standards for School Heads.": (
        "DepEd Order No. 24, s. 2020, Philippine Professional Standards for School Heads "
        "(estándares profesionales para directores de escuela)."
    ),
    "The domain names are confirmed; the strand titles are unconfirmed and the career stages "
    "are shipped without descriptions or indicators: verify and complete them against DO 24, "
    "s. 2020.": (
        "Los nombres de los dominios están confirmados; los títulos de los componentes no lo "
        "están y las etapas de carrera se incluyen sin descripciones ni indicadores: "
        "verifíquelos y complételos con la DO 24, s. 2020."
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
        for _code, name, name_en, _mark, description in spec.get("career_stages", []):
            pairs.append((name, name_en))
            if description:
                pairs.append((description, ENGLISH.get(description, "")))
        for domain in spec["domains"]:
            pairs.append((domain["name"], domain["name_en"]))
            for competency in domain["competencies"]:
                pairs.append((competency["name"], competency["name_en"]))
                statement = competency["statement"]
                if statement:
                    pairs.append((statement, ENGLISH.get(statement, "")))
                for _code, _mark, text in competency["performances"]:
                    pairs.append((text, ENGLISH.get(text, "")))
                    if len(text) > PERFORMANCE_NAME_LENGTH:
                        pairs.append((text[:PERFORMANCE_NAME_LENGTH], ENGLISH.get(text, "")))
    return pairs


SHIPPED_TEXTS: list[tuple[str, str]] = framework_pairs()
