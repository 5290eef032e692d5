"""The default agreement template, in Spanish and in English.

Grounded in the source documents (``seeds/``): effective mentoring needs "rigorous negotiation
and agreement of roles and duties between mentors, mentees, and senior leadership"; mentors
are "trustworthy, accessible, and nonjudgmental"; mentees "must respect and commit to the
mentoring relationship"; partnerships "need leadership assistance for time management and
financing" and "should be modified as the responsibilities and connections of the mentor and
mentee evolve". The Peru study adds the rounds of visits, the field notebook and the reflective
dialogue with commitments. These are editable starting texts, not official wording.
"""

from typing import TypedDict


class TemplateText(TypedDict):
    name: str
    language: str
    mentor_duties: str
    mentee_duties: str
    leadership_duties: str
    cadence: str
    modes: list[str]
    confidentiality: str


DEFAULT_TEMPLATES: list[TemplateText] = [
    {
        "name": "Acuerdo de mentoría (modelo)",
        "language": "es",
        "mentor_duties": (
            "- Acompañar al directivo en cada ronda de visitas siguiendo el protocolo del "
            "programa.\n"
            "- Ser una persona confiable, accesible y que no juzga; escuchar antes de aconsejar.\n"
            "- Preparar cada visita y registrar el cuaderno de campo.\n"
            "- Conducir el diálogo reflexivo y acordar compromisos con fechas.\n"
            "- Dar seguimiento a los compromisos y a las metas de este acuerdo."
        ),
        "mentee_duties": (
            "- Respetar y comprometerse con la relación de mentoría.\n"
            "- Reservar el tiempo acordado para las visitas y reuniones.\n"
            "- Compartir con apertura los retos de la gestión escolar.\n"
            "- Cumplir los compromisos acordados y registrar el avance de sus metas."
        ),
        "leadership_duties": (
            "- Dar tiempo y financiamiento para que la mentoría se realice (traslados, "
            "conectividad).\n"
            "- Formar y acompañar a los mentores.\n"
            "- Atender los cambios en la relación (pausas, reasignaciones) con diálogo.\n"
            "- Revisar este acuerdo con ambas partes cuando las responsabilidades cambien."
        ),
        "cadence": "Una visita por ronda y una reunión de seguimiento cada dos semanas",
        "modes": ["in_person", "video", "phone"],
        "confidentiality": (
            "Lo conversado en la mentoría es confidencial. Las notas del cuaderno de campo son "
            "del mentor y no se comparten con la escuela ni con la UGEL. El programa usa los "
            "datos solo en forma agregada o con códigos para aprender y mejorar."
        ),
    },
    {
        "name": "Mentoring agreement (model)",
        "language": "en",
        "mentor_duties": (
            "- Accompany the school leader in every round of visits, following the program's "
            "protocol.\n"
            "- Be trustworthy, accessible and nonjudgmental; listen before advising.\n"
            "- Prepare each visit and keep the field notebook.\n"
            "- Lead the reflective dialogue and agree commitments with due dates.\n"
            "- Follow up the commitments and the goals of this agreement."
        ),
        "mentee_duties": (
            "- Respect and commit to the mentoring relationship.\n"
            "- Keep the agreed time for visits and meetings.\n"
            "- Share the challenges of leading the school openly.\n"
            "- Keep the commitments agreed and record the progress of the goals."
        ),
        "leadership_duties": (
            "- Provide time and funding so that mentoring happens (travel, connectivity).\n"
            "- Train and accompany the mentors.\n"
            "- Handle changes to the relationship (pauses, reassignments) through dialogue.\n"
            "- Review this agreement with both parties when responsibilities change."
        ),
        "cadence": "One visit per round and a follow-up meeting every two weeks",
        "modes": ["in_person", "video", "phone"],
        "confidentiality": (
            "What is said in mentoring is confidential. The field notebook belongs to the mentor "
            "and is not shared with the school or the local education authority. The program "
            "uses the data only in aggregate or under code names, to learn and improve."
        ),
    },
]
