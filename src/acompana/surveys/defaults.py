"""The questionnaires Acompaña ships as templates, copied into a program on demand.

Each is grounded in the source documents (``seeds/``): the Peru study of mentor training
(2019-2021) found that the in-person induction (role-play, the field notebook, instruments, soft
skills) was meaningful, while the virtual induction of 2021 was "dense and heavy", mostly
expository, and left new mentors "lost" and relying on experienced peers; the second document
asks for "an effective assessment system for continuous refinement" and lists what mentees gain
(less isolation, more confidence, perspective on hard events).

A question is ``(kind, Spanish text, English text, required, extra)`` where ``extra`` holds the
options (pairs of texts) of choice questions or ``(min, max)`` of number questions.
"""

from typing import Any

LIKERT, SINGLE, MULTIPLE, NUMBER, TEXT = "likert", "single", "multiple", "number", "text"

TemplateQuestion = tuple[str, str, str, bool, Any]

TEMPLATES: dict[str, dict[str, Any]] = {
    "mentor_induction": {
        "title_es": "Retroalimentación de la inducción de mentores",
        "title_en": "Mentor induction feedback",
        "description_es": "Cuéntenos cómo le preparó la inducción para el trabajo de campo.",
        "description_en": "Tell us how the induction prepared you for field work.",
        "questions": [
            (
                LIKERT,
                "La inducción me preparó para mi primera visita a un directivo.",
                "The induction prepared me for my first visit to a principal.",
                True,
                None,
            ),
            (
                LIKERT,
                "Los juegos de roles (directivo y mentor) me ayudaron a practicar el diálogo "
                "reflexivo.",
                "The role-plays (principal and mentor) helped me practise the reflective dialogue.",
                True,
                None,
            ),
            (
                LIKERT,
                "Sé cómo usar el cuaderno de campo y los instrumentos de observación.",
                "I know how to use the field notebook and the observation instruments.",
                True,
                None,
            ),
            (
                LIKERT,
                "Tuve oportunidades de participar, no solo de escuchar.",
                "I had chances to take part, not only to listen.",
                True,
                None,
            ),
            (
                LIKERT,
                "Después de la inducción sabía qué herramienta usar y en qué momento.",
                "After the induction I knew which tool to use and when.",
                True,
                None,
            ),
            (
                SINGLE,
                "¿Cómo fue el ritmo de la inducción?",
                "How was the pace of the induction?",
                True,
                [
                    ("Demasiado denso", "Too dense"),
                    ("Adecuado", "About right"),
                    ("Demasiado ligero", "Too light"),
                ],
            ),
            (
                MULTIPLE,
                "¿Qué partes le resultaron más útiles?",
                "Which parts were most useful to you?",
                False,
                [
                    ("Fundamentos teóricos", "Theory"),
                    ("Juego de roles", "Role-play"),
                    ("Instrumentos", "Instruments"),
                    ("Cuaderno de campo", "Field notebook"),
                    ("Habilidades blandas", "Soft skills"),
                    ("Trabajo en grupos", "Group work"),
                ],
            ),
            (
                NUMBER,
                "¿A cuántos mentores con más experiencia pidió ayuda después de la inducción?",
                "How many more experienced mentors did you ask for help after the induction?",
                False,
                (0, 10),
            ),
            (
                TEXT,
                "¿Qué cambiaría de la inducción para los mentores nuevos?",
                "What would you change in the induction for new mentors?",
                False,
                None,
            ),
        ],
    },
    "mentee_satisfaction": {
        "title_es": "Satisfacción del directivo con la mentoría",
        "title_en": "Mentee satisfaction with mentoring",
        "description_es": "Su opinión nos ayuda a mejorar el acompañamiento.",
        "description_en": "Your opinion helps us improve the mentoring.",
        "questions": [
            (
                LIKERT,
                "Mi mentor me escucha antes de proponer.",
                "My mentor listens to me before making suggestions.",
                True,
                None,
            ),
            (
                LIKERT,
                "El diálogo reflexivo me ayuda a reconocer mis fortalezas y aspectos a mejorar.",
                "The reflective dialogue helps me see my strengths and what to improve.",
                True,
                None,
            ),
            (
                LIKERT,
                "Me siento menos solo o sola en mi gestión.",
                "I feel less alone in leading my school.",
                True,
                None,
            ),
            (
                LIKERT,
                "Confío en mi mentor.",
                "I trust my mentor.",
                True,
                None,
            ),
            (
                LIKERT,
                "Los compromisos que acordamos son útiles para mi escuela.",
                "The commitments we agree are useful for my school.",
                True,
                None,
            ),
            (
                SINGLE,
                "¿Cómo se realizaron la mayoría de las visitas?",
                "How did most visits take place?",
                True,
                [
                    ("Presencial", "In person"),
                    ("Videollamada", "Video call"),
                    ("Teléfono", "Phone"),
                    ("Mensajería", "Messaging"),
                ],
            ),
            (
                NUMBER,
                "Del 0 al 10, ¿recomendaría la mentoría a otro directivo?",
                "From 0 to 10, would you recommend the mentoring to another principal?",
                True,
                (0, 10),
            ),
            (
                TEXT,
                "¿Qué es lo que más valora del acompañamiento?",
                "What do you value most in the mentoring?",
                False,
                None,
            ),
        ],
    },
    "mentor_self_efficacy": {
        "title_es": "Autoeficacia del mentor",
        "title_en": "Mentor self-efficacy",
        "description_es": "¿Qué tan capaz se siente hoy en cada aspecto de su labor?",
        "description_en": "How capable do you feel today in each part of your work?",
        "questions": [
            (
                LIKERT,
                "Puedo formular preguntas reflexivas que hagan pensar al directivo.",
                "I can ask reflective questions that make the principal think.",
                True,
                None,
            ),
            (
                LIKERT,
                "Puedo registrar evidencias útiles en el cuaderno de campo.",
                "I can record useful evidence in the field notebook.",
                True,
                None,
            ),
            (
                LIKERT,
                "Puedo dar retroalimentación basada en evidencias.",
                "I can give feedback based on evidence.",
                True,
                None,
            ),
            (
                LIKERT,
                "Puedo mantener la calma y transmitir tranquilidad en situaciones difíciles.",
                "I can keep calm and reassure the principal in difficult situations.",
                True,
                None,
            ),
            (
                LIKERT,
                "Puedo acompañar bien a distancia (videollamada, teléfono, mensajes).",
                "I can mentor well at a distance (video, phone, messaging).",
                True,
                None,
            ),
            (
                LIKERT,
                "Sé a quién pedir ayuda entre mis colegas mentores.",
                "I know whom to ask for help among my fellow mentors.",
                True,
                None,
            ),
            (
                TEXT,
                "¿En qué aspecto necesita más apoyo?",
                "Where do you need more support?",
                False,
                None,
            ),
        ],
    },
    "end_of_program": {
        "title_es": "Evaluación de fin de programa",
        "title_en": "End-of-program evaluation",
        "description_es": "Una mirada de conjunto al año de mentoría, para mejorar el programa.",
        "description_en": "A look back at the mentoring year, to improve the program.",
        "questions": [
            (
                LIKERT,
                "Los roles y responsabilidades de mentores, directivos y coordinación fueron "
                "claros.",
                "The roles and duties of mentors, mentees and program leadership were clear.",
                True,
                None,
            ),
            (
                LIKERT,
                "El programa me dio el tiempo y los recursos para cumplir mi parte.",
                "The program gave me the time and resources to do my part.",
                True,
                None,
            ),
            (
                LIKERT,
                "Las reuniones de grupo fueron espacios útiles para compartir experiencias.",
                "The group sessions were useful spaces to share experiences.",
                True,
                None,
            ),
            (
                LIKERT,
                "La mentoría mejoró la gestión de la escuela.",
                "The mentoring improved how the school is led.",
                True,
                None,
            ),
            (
                SINGLE,
                "¿Participaría de nuevo en el programa?",
                "Would you take part in the program again?",
                True,
                [("Sí", "Yes"), ("Tal vez", "Maybe"), ("No", "No")],
            ),
            (
                MULTIPLE,
                "¿Qué deberíamos reforzar el próximo año?",
                "What should we strengthen next year?",
                False,
                [
                    ("Formación de mentores nuevos", "Training of new mentors"),
                    ("Reuniones de grupo", "Group sessions"),
                    ("Apoyo para la conectividad", "Support for connectivity"),
                    ("Seguimiento de compromisos", "Follow-up of commitments"),
                    ("Materiales e instrumentos", "Materials and instruments"),
                ],
            ),
            (
                NUMBER,
                "¿Cuántas horas al mes dedicó en promedio al programa?",
                "On average, how many hours a month did you give to the program?",
                False,
                (0, 200),
            ),
            (
                TEXT,
                "¿Qué recomendación haría para el próximo año?",
                "What would you recommend for next year?",
                False,
                None,
            ),
        ],
    },
}
