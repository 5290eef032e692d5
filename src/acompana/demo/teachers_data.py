"""The teacher-induction demo program's fixed content: a Philippine schools division, its master
teachers, newly hired teachers and one school head (school year 2025-2026)."""

PROGRAM_SLUG = "induccion-docente"
PROGRAM_NAME = "Teacher Induction Program"
TIME_ZONE = "Asia/Manila"
LANGUAGE = "en"
PREFIX = "tip"

REGION = "Schools Division of Laguna"
# code, name, level; the school head (tip-head-1) leads the first one.
SCHOOLS = [
    ("301512", "Mabini Integrated School", "secondary"),
    ("108245", "San Isidro Elementary School", "primary"),
    ("301588", "Bagong Silang National High School", "secondary"),
]
COORDINATOR = ("Maricel", "Dela Cruz")
HEAD = ("Ramon", "Villanueva")
# first, last, years teaching, school index
MENTORS = [
    ("Teresita", "Bautista", 24, 0),
    ("Eduardo", "Santos", 19, 1),
    ("Lorna", "Aquino", 21, 2),
    ("Jocelyn", "Mendoza", 17, 0),
]
TEACHER_NAMES = [
    ("Angelica", "Reyes"), ("John Paul", "Garcia"), ("Kristine", "Ramos"), ("Mark", "Villanueva"),
    ("Princess", "Castillo"), ("Jerome", "Navarro"), ("Rhea", "Torres"), ("Christian", "Flores"),
    ("Mae", "Gonzales"), ("Ronald", "Domingo"), ("Shiela", "Pascual"), ("Jayson", "Cruz"),
    ("Lovely", "Mercado"), ("Aldrin", "Salazar"), ("Joanna", "Manalo"), ("Kevin", "Soriano"),
    ("Rowena", "Dizon"), ("Noel", "Tolentino"), ("Grace", "Medina"), ("Ariel", "Lopez"),
    ("Cherry", "Valdez"), ("Dennis", "Javier"), ("Liza", "Fernandez"), ("Ramil", "Bernardo"),
]  # fmt: skip
SUBJECTS = ["Science", "Mathematics", "English", "Filipino", "Araling Panlipunan", "MAPEH"]
GRADES = ["Grade 7", "Grade 8", "Grade 9", "Grade 10", "Grade 3", "Grade 5"]
PHILOSOPHIES = [
    "Every learner can learn when lessons start from what they already know and live; I plan "
    "with their community in mind.",
    "I teach through inquiry: learners ask questions, test ideas and explain their reasoning to "
    "each other.",
    "A safe, well-managed classroom comes first; clear routines free time for learning.",
    "Assessment is for learning: I give feedback often and adjust my lessons to the results.",
]

# Who works with whom (teacher numbers 1-24).
MENTORING_CIRCLE = [1, 2, 3, 4, 5, 6]  # with tip-mentor-1
PEER_CIRCLE = [7, 8, 9, 10, 11]
RECIPROCAL_PAIRS = [(12, 13), (14, 15)]
# One-to-one: mentor number -> teachers
PARTNERS = {2: [16, 17, 18], 3: [19, 20, 21], 4: [22, 23, 24]}
# Self-assessments: at the start for these teachers, at the end too for the first of them.
# Teacher 6 has none yet: the browser journey fills theirs.
ASSESSED_AT_START = [1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16, 19]
ASSESSED_AT_END = [1, 2, 3, 4, 7, 12, 16]

MEETING_SUMMARIES = [
    "We looked at the first weeks: classroom routines, seat plans and how to start a lesson.",
    "Each teacher brought one lesson plan; we checked the learning objectives against the "
    "curriculum guide.",
    "We observed a demonstration lesson on questioning and talked about wait time.",
    "Formative assessment: exit slips and what to do with the results the next day.",
    "Working with parents: the first quarter's report cards and how to explain them.",
    "Differentiated instruction for learners who are behind in reading.",
    "Preparing the classroom observation (COT): what the observers look for.",
    "Reviewing the action research ideas and choosing one question each.",
    "Looking back at the year: what we changed and what we keep.",
]
COMMITMENTS = [
    "Post the classroom routines and practise them with the learners for a week.",
    "Rewrite two learning objectives so that they can be observed.",
    "Try three seconds of wait time after every question for a week.",
    "Use exit slips in two lessons and bring the results.",
    "Call the parents of three learners who missed the last quiz.",
    "Prepare a reading activity at two levels for one lesson.",
    "Ask a colleague to observe one lesson with the COT indicators.",
    "Write the action research question and one data source.",
]
JOURNAL = [
    ("My first week", "The learners were noisy and I raised my voice too often. Tomorrow I "
     "will try the routines our mentor showed us."),
    ("A lesson that worked", "The group work on fractions went well once I gave each learner a "
     "role. I want to keep doing this."),
    ("Questioning", "I counted my wait time today: barely one second. Three seconds felt long "
     "but more hands went up."),
    ("Parents' meeting", "I was nervous about the report cards. The parents asked good "
     "questions; next time I will prepare examples of learners' work."),
]  # fmt: skip
OPEN_ANSWERS = [
    "More time to observe the master teachers' classes.",
    "Keep the circle meetings; they were the most useful part.",
    "Protected time every week made it possible to take part.",
    "Fewer forms, more lesson planning together.",
]
