"""The study's default codebook (Table 2 of the Peru study) and participant attributes.

Table 2 lists three a priori categories, their subcategories and the categories that emerged
from the interviews. The codebook keeps the Spanish names the study used in Peru as the codes'
names (the data of a study stay in the language it was coded in: analyses and exports carry
them). Each definition starts with the code's name in the definition's language and is stored
in English; ``SHIPPED_TEXTS`` pairs it with its Spanish, so that pages show an unedited
definition in the reader's language (``common.shipped``).
A priori subcategories and the emergent categories are codable codes under their category; each
emergent category sits under the a priori category it emerged in.
"""

from acompana.research.models import Variable

A_PRIORI = "a_priori"
EMERGENT = "emergent"

# (name, definition, colour, [(name, definition, origin)])
TABLE2: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "Características profesionales de los mentores",
        "Professional characteristics of mentors: the experience and work the mentors bring "
        "to the role.",
        "#4A6FA5",
        [
            (
                "Experiencia directiva",
                "Managerial experience: years and kind of school management positions held "
                "before mentoring.",
                A_PRIORI,
            ),
            (
                "Labor ejecutiva desempeñada",
                "Executive work performed: posts and tasks outside the classroom, such as "
                "teacher trainer or specialist.",
                A_PRIORI,
            ),
            (
                "Labor de asesoría en otros programas de formación",
                "Consulting work performed in other types of training or training programs.",
                A_PRIORI,
            ),
            (
                "Mentores sin experiencia directiva",
                "Mentors without managerial experience (emergent): how mentors who never led a "
                "school approach principals and what they lack or compensate.",
                EMERGENT,
            ),
        ],
    ),
    (
        "Procesos formativos previos",
        "Previous training processes: how mentors were prepared before accompanying principals.",
        "#2E8B57",
        [
            (
                "Inducción del mentor",
                "Mentor induction: the training the Ministry gives mentors before the program "
                "starts.",
                A_PRIORI,
            ),
            (
                "Diferencias en la inducción de nuevos mentores",
                "Differences in the induction process for new mentors (emergent), e.g. the "
                "virtual induction of 2021 against the in-person one of earlier years.",
                EMERGENT,
            ),
            (
                "Significatividad de la formación del mentor",
                "Significance of mentor training (emergent): what the training meant for the "
                "mentor's work.",
                EMERGENT,
            ),
        ],
    ),
    (
        "Procesos formativos durante la mentoría",
        "Training processes during mentoring: how mentors keep learning while they accompany.",
        "#B5651D",
        [
            (
                "Acompañamiento al mentor",
                "Mentor accompaniment: the support mentors receive from specialists and "
                "coordinators during the program.",
                A_PRIORI,
            ),
            (
                "Asesoría grupal",
                "Group counseling: collective sessions where mentors share cases and practices.",
                A_PRIORI,
            ),
            (
                "Habilidades sociales empáticas",
                "Empathetic social skills (emergent): listening, trust and rapport with the "
                "principals.",
                EMERGENT,
            ),
            (
                "Asesoría pedagógica",
                "Pedagogical advice (emergent): advice on teaching, classroom observation and "
                "learning.",
                EMERGENT,
            ),
            (
                "Asesoría instrumental",
                "Instrumental consulting (emergent): help with management instruments, "
                "documents and procedures.",
                EMERGENT,
            ),
            (
                "Reuniones informales de mentores nuevos",
                "Informal meetings of new mentors (emergent): peer meetings that new mentors "
                "set up among themselves.",
                EMERGENT,
            ),
        ],
    ),
]

# The Spanish of each code's definition.
DEFINITIONS_ES: dict[str, str] = {
    "Professional characteristics of mentors: the experience and work the mentors bring "
    "to the role.": "Características profesionales de los mentores: la experiencia y el "
    "trabajo que los mentores traen al rol.",
    "Managerial experience: years and kind of school management positions held before "
    "mentoring.": "Experiencia directiva: años y tipo de cargos de gestión escolar ejercidos "
    "antes de la mentoría.",
    "Executive work performed: posts and tasks outside the classroom, such as teacher "
    "trainer or specialist.": "Labor ejecutiva desempeñada: cargos y tareas fuera del aula, "
    "como formador docente o especialista.",
    "Consulting work performed in other types of training or training programs.": "Labor de "
    "asesoría desempeñada en otros tipos de formación o programas de formación.",
    "Mentors without managerial experience (emergent): how mentors who never led a school "
    "approach principals and what they lack or compensate.": "Mentores sin experiencia "
    "directiva (emergente): cómo se acercan a los directivos los mentores que nunca dirigieron "
    "una escuela y qué les falta o compensan.",
    "Previous training processes: how mentors were prepared before accompanying "
    "principals.": "Procesos formativos previos: cómo se prepararon los mentores antes de "
    "acompañar a los directivos.",
    "Mentor induction: the training the Ministry gives mentors before the program "
    "starts.": "Inducción del mentor: la formación que el Ministerio da a los mentores antes "
    "de que empiece el programa.",
    "Differences in the induction process for new mentors (emergent), e.g. the virtual "
    "induction of 2021 against the in-person one of earlier years.": "Diferencias en el proceso "
    "de inducción de nuevos mentores (emergente), p. ej., la inducción virtual de 2021 frente a "
    "la presencial de años anteriores.",
    "Significance of mentor training (emergent): what the training meant for the mentor's "
    "work.": "Significatividad de la formación del mentor (emergente): lo que la formación "
    "significó para el trabajo del mentor.",
    "Training processes during mentoring: how mentors keep learning while they "
    "accompany.": "Procesos formativos durante la mentoría: cómo los mentores siguen "
    "aprendiendo mientras acompañan.",
    "Mentor accompaniment: the support mentors receive from specialists and coordinators "
    "during the program.": "Acompañamiento al mentor: el apoyo que los mentores reciben de "
    "especialistas y coordinadores durante el programa.",
    "Group counseling: collective sessions where mentors share cases and practices.": "Asesoría "
    "grupal: sesiones colectivas en las que los mentores comparten casos y prácticas.",
    "Empathetic social skills (emergent): listening, trust and rapport with the "
    "principals.": "Habilidades sociales empáticas (emergente): escucha, confianza y buena "
    "relación con los directivos.",
    "Pedagogical advice (emergent): advice on teaching, classroom observation and "
    "learning.": "Asesoría pedagógica (emergente): asesoría sobre la enseñanza, la observación "
    "de aula y el aprendizaje.",
    "Instrumental consulting (emergent): help with management instruments, documents and "
    "procedures.": "Asesoría instrumental (emergente): ayuda con instrumentos de gestión, "
    "documentos y procedimientos.",
    "Informal meetings of new mentors (emergent): peer meetings that new mentors set up among "
    "themselves.": "Reuniones informales de mentores nuevos (emergente): reuniones entre pares "
    "que los mentores nuevos organizan por su cuenta.",
}


def table2_texts() -> tuple[list[str], list[str]]:
    """Every name (Spanish) and every definition (English) of ``TABLE2``, in order."""
    names: list[str] = []
    definitions: list[str] = []
    for name, definition, _colour, children in TABLE2:
        names.append(name)
        definitions.append(definition)
        for child, child_definition, _origin in children:
            names.append(child)
            definitions.append(child_definition)
    return names, definitions


SHIPPED_TEXTS: list[tuple[str, str]] = [
    (DEFINITIONS_ES.get(definition, ""), definition) for definition in table2_texts()[1]
]

# Participant attributes filled from a profile: name (a stable key, in English), type.
ATTR_ROLE = "Role"
ATTR_COHORTS = "Cohorts"
ATTR_REGION = "Region"
ATTR_DEGREE = "Highest degree"
ATTR_TEACHING = "Years teaching"
ATTR_MANAGEMENT = "Years in management"
ATTR_HAS_MANAGEMENT = "Management experience"
ATTR_EXPERIENCE = "Novice or experienced"
ATTR_PROGRAMS = "Programs served"
ATTR_POSITION = "Position"
ATTR_YEARS_IN_POSITION = "Years in position"

ATTRIBUTE_TYPES: dict[str, str] = {
    ATTR_ROLE: Variable.Type.TEXT,
    ATTR_COHORTS: Variable.Type.TEXT,
    ATTR_REGION: Variable.Type.TEXT,
    ATTR_DEGREE: Variable.Type.TEXT,
    ATTR_TEACHING: Variable.Type.FLOAT,
    ATTR_MANAGEMENT: Variable.Type.FLOAT,
    ATTR_HAS_MANAGEMENT: Variable.Type.BOOLEAN,
    ATTR_EXPERIENCE: Variable.Type.TEXT,
    ATTR_PROGRAMS: Variable.Type.INTEGER,
    ATTR_POSITION: Variable.Type.TEXT,
    ATTR_YEARS_IN_POSITION: Variable.Type.FLOAT,
}

# The Spanish of each attribute's name: an attribute keeps its stable key and shows in the
# reader's language (``common.shipped``); attributes a researcher or an imported project named
# show as named.
ATTRIBUTE_SPANISH: dict[str, str] = {
    ATTR_ROLE: "Rol",
    ATTR_COHORTS: "Cohortes",
    ATTR_REGION: "Región",
    ATTR_DEGREE: "Grado académico más alto",
    ATTR_TEACHING: "Años de docencia",
    ATTR_MANAGEMENT: "Años en cargos directivos",
    ATTR_HAS_MANAGEMENT: "Experiencia directiva",
    ATTR_EXPERIENCE: "Novel o experimentado",
    ATTR_PROGRAMS: "Programas en los que participó",
    ATTR_POSITION: "Cargo",
    ATTR_YEARS_IN_POSITION: "Años en el cargo",
}

SHIPPED_TEXTS += [(ATTRIBUTE_SPANISH.get(key, ""), key) for key in ATTRIBUTE_TYPES]

NOVICE = "novice"
EXPERIENCED = "experienced"
