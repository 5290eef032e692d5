"""The demo program's fixed content: the eight mentors of Table 3 of the Peru study and more."""

from decimal import Decimal

PROGRAM_SLUG = "mentoria-directivos"
DOMAIN = "demo.example.org"

# Table 3 (see shared/domain/table3.md): code, degree, years teaching, years in management,
# training/accompaniment of teachers, technical assistance to principals, programs 2019-2021.
# The last column counts the demo's own cohorts 2019-2021: each mentor is a member of that many
# of them, ending with 2021 (services.PROGRAMS_SERVED_COHORTS).
TABLE3 = [
    ("1A", "licensed", 5, Decimal("0"), True, True, 1),
    ("2B", "master", 10, Decimal("3"), False, False, 2),
    ("3C", "licensed", 7, Decimal("0"), True, False, 2),
    ("4D", "licensed", 20, Decimal("0"), True, True, 3),
    ("5E", "licensed", 18, Decimal("15"), True, False, 2),
    ("6F", "master", 15, Decimal("5"), True, False, 2),
    ("7G", "licensed", 20, Decimal("2.5"), True, True, 2),
    ("8H", "master", 20, Decimal("5.5"), True, False, 3),
]
# What each of the eight declared at entry, before their first cohort in the platform: the
# program they entered with. The selector adds the cohorts completed before a cohort's year, so
# Table 3 as of the 2021 cohort gives back the study's column (people.selectors).
DECLARED_AT_ENTRY = 1
MENTOR_NAMES = [
    ("Rosa", "Quispe Huamán"), ("Julio", "Mamani Condori"), ("Carmen", "Flores Ccahuana"),
    ("Víctor", "Huillca Sullca"), ("Elena", "Ccori Paucar"), ("Raúl", "Apaza Layme"),
    ("Marleny", "Yupanqui Soto"), ("Óscar", "Chávez Ñaupa"),
]  # fmt: skip
REGIONS = [  # name, latitude, longitude of a reference town
    ("Cusco", -13.53, -71.97), ("Puno", -15.84, -70.02), ("Apurímac", -13.63, -72.88),
    ("Ayacucho", -13.16, -74.22), ("Huancavelica", -12.79, -74.97),
]  # fmt: skip
FIRST_NAMES = [
    "Ana", "Luis", "María", "Jorge", "Lucía", "Pedro", "Gladys", "Wilber", "Nélida", "Edwin",
    "Yolanda", "Hugo", "Maribel", "César", "Flor", "Rubén", "Isabel", "Néstor", "Teresa", "Fredy",
]  # fmt: skip
LAST_NAMES = [
    "Huamán", "Quispe", "Condori", "Mamani", "Ccahuana", "Pari", "Gutiérrez", "Roque", "Vilca",
    "Choque", "Cárdenas", "Ramos", "Paredes", "Sánchez", "Núñez", "Ayala", "Cusi", "Tito",
]  # fmt: skip
PHILOSOPHIES = [
    "Creo en una escuela que escucha a las familias y construye metas de aprendizaje con la "
    "comunidad; el acompañamiento al docente debe partir de la observación y el diálogo.",
    "La gestión pedagógica es lo primero: el director debe estar en el aula, observar, dar "
    "retroalimentación y promover la reflexión conjunta sobre la práctica.",
    "Una buena convivencia escolar y el respeto a la diversidad cultural son la base para que "
    "los estudiantes aprendan; trabajo en quechua y castellano.",
    "Organizar bien el tiempo, los recursos y los instrumentos de gestión permite que la "
    "escuela funcione y que los docentes se concentren en enseñar.",
]
MENTEE_COUNT = 64
UNASSIGNED_MENTEES = 16  # newly arrived principals, waiting to be matched
SPECIALISTS = [
    ("specialist-1", "Patricia", "Vargas Linares", ["1A", "2B", "3C", "4D"], "sociologist"),
    ("specialist-2", "Manuel", "Rojas Caballero", ["5E", "6F", "7G", "8H"], "anthropologist"),
]
STAFF = [
    ("coordinator", "Lourdes", "Salazar Medina", "coordinator"),
    ("trainer", "Gabriel", "Torres Aguilar", "trainer"),
    ("researcher", "Silvia", "Benavides Prado", "researcher"),
]
