"""The study's default codebook (Table 2 of the Peru study) and participant attributes.

Table 2 lists three a priori categories, their subcategories and the categories that emerged
from the interviews. The codebook keeps the Spanish names the study used in Peru (the data of a
study stay in the language it was coded in, whatever language the interface shows) and gives
each code an English definition that starts with the English name, so that both languages are
there. A priori subcategories and the emergent categories are codable codes under their
category; each emergent category sits under the a priori category it emerged in.
"""

from django.utils.translation import gettext_lazy as _

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

# Labels for showing the attribute names in the interface language.
ATTRIBUTE_LABELS = {
    ATTR_ROLE: _("Role"),
    ATTR_COHORTS: _("Cohorts"),
    ATTR_REGION: _("Region"),
    ATTR_DEGREE: _("Highest degree"),
    ATTR_TEACHING: _("Years teaching"),
    ATTR_MANAGEMENT: _("Years in management"),
    ATTR_HAS_MANAGEMENT: _("Management experience"),
    ATTR_EXPERIENCE: _("Novice or experienced"),
    ATTR_PROGRAMS: _("Programs served"),
    ATTR_POSITION: _("Position"),
    ATTR_YEARS_IN_POSITION: _("Years in position"),
}

NOVICE = "novice"
EXPERIENCED = "experienced"
