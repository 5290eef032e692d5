"""A national program built in bulk SQL on PostgreSQL with the project's own tables.

``build_national(slug, mentees=..., mentors=..., visits=...)`` adds one program: 25 regions,
schools (two for every five mentees), three yearly cohorts with three rounds each (the last one
is this year's), mentor and mentee profiles with their users and memberships, one partnership
per mentee, the visits, two commitments and a field notebook per visit done, an induction plan
per cohort with sessions, attendance and feedback, group sessions per region with attendance,
informal meetings between mentors, two questionnaires sent to mentors and mentees with their
responses and answers, time logs, expenses and budget lines, and a coordinator, a specialist
(following 200 mentors), a trainer and a researcher. Rows are made with ``INSERT … SELECT
generate_series`` and explicit ids, so that a million visits take about a minute.

Used by ``benchmarks/scale.py`` and, at a tiny size, by the plan and query-count tests.
"""

import datetime
import re
from dataclasses import dataclass

REGIONS = 25


@dataclass
class National:
    """What the pages of the built program are opened with."""

    slug: str
    coordinator_id: int
    mentor_user_id: int
    mentee_user_id: int
    specialist_id: int
    researcher_id: int
    cohort_id: int  # this year's cohort
    mentor_code: str
    mentee_code: str
    questionnaire_id: int  # the one mentees answered
    session_id: int  # a training session of this year's plan
    group_session_id: int


def _next_ids(cursor, tables: list[str]) -> dict[str, int]:
    """The id after the largest of each table (explicit ids keep the SQL simple)."""
    base = {}
    for table in tables:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        base[table] = cursor.fetchone()[0]
    return base


def _reset_sequences(cursor, tables: list[str]) -> None:
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT GREATEST(MAX(id), 1) FROM {table}))"
        )


def _constant_defaults() -> list[tuple[str, str, object]]:
    """(table, column, value) for each NOT NULL column of the project's models whose field has
    a constant default (or is a blank text field). The bulk SQL names only the columns it fills:
    the database default set from these keeps it working when a model gains a column."""
    from django.apps import apps
    from django.db import connection
    from django.db.models import NOT_PROVIDED, CharField, TextField

    with open(__file__, encoding="utf-8") as source:
        filled = set(re.findall(r"INSERT INTO (\w+)", source.read()))
    found = []
    for model in apps.get_models():
        if model._meta.db_table not in filled:
            continue
        for field in model._meta.concrete_fields:
            if field.null or field.primary_key:
                continue
            default = field.default
            if default is NOT_PROVIDED or callable(default):
                if not (field.blank and isinstance(field, CharField | TextField)):
                    continue
                default = ""
            found.append(
                (model._meta.db_table, field.column, field.get_db_prep_save(default, connection))
            )
    return found


def _set_defaults(cursor, defaults, *, drop: bool = False) -> None:
    # A table with rows waiting for their deferred foreign-key checks cannot be altered.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table, column, value in defaults:
        if drop:
            cursor.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" DROP DEFAULT')
        else:
            cursor.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" SET DEFAULT %s', [value])
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


TABLES = [
    "accounts_user",
    "accounts_membership",
    "programs_school",
    "people_mentorprofile",
    "people_mentorprofile_cohorts",
    "people_menteeprofile",
    "people_menteeprofile_cohorts",
    "people_partnership",
    "people_specialistassignment",
    "visits_visit",
    "visits_commitment",
    "visits_fieldnote",
    "training_trainingsession",
    "training_attendance",
    "training_feedback",
    "group_sessions_groupsession",
    "group_sessions_attendance",
    "group_sessions_informalmeeting",
    "group_sessions_informalmeeting_participants",
    "surveys_question",
    "surveys_option",
    "surveys_invitation",
    "costs_timelog",
    "costs_expense",
]


def build_national(
    slug: str = "nacional",
    *,
    mentees: int = 100_000,
    mentors: int = 10_000,
    visits: int = 1_000_000,
    log=lambda message: None,
) -> National:
    from django.db import connection, transaction
    from django.utils import timezone

    from acompana.accounts.models import Membership, User
    from acompana.frameworks.models import Framework
    from acompana.programs.models import Cohort, Program, Region
    from acompana.surveys.models import Distribution, Questionnaire
    from acompana.training.models import TrainingPlan
    from acompana.visits.models import Round

    assert connection.vendor == "postgresql", "the national program is built on PostgreSQL"
    n, m = mentees, mentors
    today = timezone.localdate()
    year = today.year
    with transaction.atomic():
        framework = Framework.objects.order_by("pk").first()
        program = Program.objects.create(slug=slug, name=f"Programa {slug}", framework=framework)
        pid = program.pk
        regions = Region.objects.bulk_create(
            Region(program=program, name=f"Región {r + 1:02d}") for r in range(REGIONS)
        )
        region0 = regions[0].pk  # region ids are consecutive
        cohorts = [
            Cohort.objects.create(
                program=program,
                year=year - 2 + k,
                modality="hybrid",
                starts_on=datetime.date(year - 2 + k, 3, 1),
                ends_on=datetime.date(year - 2 + k, 12, 15),
                mentor_capacity=12,
            )
            for k in range(3)
        ]
        cohort0 = cohorts[0].pk
        assert [c.pk for c in cohorts] == [cohort0, cohort0 + 1, cohort0 + 2]
        rounds = []
        for k, cohort in enumerate(cohorts):
            for r, (start, end) in enumerate(((3, 5), (6, 8), (9, 12))):
                rounds.append(
                    Round.objects.create(
                        program=program,
                        cohort=cohort,
                        name=f"Ronda {r + 1} · {cohort.year}",
                        starts_on=datetime.date(year - 2 + k, start, 1),
                        ends_on=datetime.date(year - 2 + k, end, 28),
                    )
                )
        round0 = rounds[0].pk
        assert rounds[-1].pk == round0 + 8
        staff = {}
        for role in ("coordinator", "specialist", "trainer", "researcher"):
            user = User.objects.create(
                email=f"{role}@{slug}.example.org", first_name=role.title(), password="!"
            )
            Membership.objects.create(user=user, program=program, role=role)
            staff[role] = user.pk

        cursor = connection.cursor()
        defaults = _constant_defaults()
        _set_defaults(cursor, defaults)
        ids = _next_ids(cursor, TABLES)
        p = {
            "pid": pid,
            "n": n,
            "m": m,
            "v": visits,
            "slug": slug,
            "r": REGIONS,
            "region0": region0,
            "cohort0": cohort0,
            "round0": round0,
            "y0": year - 2,
            "schools": max(1, n * 2 // 5),
            "today": today,
            "coordinator": staff["coordinator"],
            "trainer": staff["trainer"],
            "specialist": staff["specialist"],
            **{f"b_{t}": i for t, i in ids.items()},
        }

        def run(label: str, sql: str) -> None:
            cursor.execute(sql, p)
            log(f"  {label}: {cursor.rowcount:,} rows")

        # People: mentor users are b+1..b+m, mentee users b+m+1..b+m+n.
        run(
            "users",
            """INSERT INTO accounts_user (id, password, is_superuser, email, first_name,
                last_name, preferred_language, is_active, is_staff, date_joined, email_reminders)
            SELECT %(b_accounts_user)s + g, '!', false,
                CASE WHEN g <= %(m)s THEN 'mentor' || g ELSE 'principal' || (g - %(m)s) END
                    || '@' || %(slug)s || '.example.org',
                (ARRAY['Ana','Luis','Rosa','Jorge','Elena','Pedro','Carmen','Raúl'])[1 + g %% 8],
                (ARRAY['Quispe','Mamani','Flores','Huamán','Rojas','Torres','Díaz'])[1 + g %% 7]
                    || ' ' || g,
                'es', true, false, now(), true
            FROM generate_series(1, %(m)s + %(n)s) g""",
        )
        run(
            "memberships",
            """INSERT INTO accounts_membership (id, role, created_at, program_id, user_id)
            SELECT %(b_accounts_membership)s + g,
                CASE WHEN g <= %(m)s THEN 'mentor' ELSE 'mentee' END, now(), %(pid)s,
                %(b_accounts_user)s + g
            FROM generate_series(1, %(m)s + %(n)s) g""",
        )
        run(
            "schools",
            """INSERT INTO programs_school (id, created_at, updated_at, code, name, level, area,
                program_id, region_id)
            SELECT %(b_programs_school)s + g, now(), now(), 'E' || lpad(g::text, 7, '0'),
                'I.E. N.º ' || g, (ARRAY['initial','primary','secondary'])[1 + g %% 3],
                (ARRAY['urban','rural','rural'])[1 + g %% 3], %(pid)s, %(region0)s + g %% %(r)s
            FROM generate_series(1, %(schools)s) g""",
        )
        run(
            "mentor profiles",
            """INSERT INTO people_mentorprofile (id, created_at, updated_at, code, languages,
                teaching_philosophy, active, highest_degree, teaching_years, management_years,
                accompaniment_experience, technical_assistance, programs_served, capacity,
                modality_preference, program_id, region_id, user_id, school_levels)
            SELECT %(b_people_mentorprofile)s + g, now(), now(), 'T' || lpad(g::text, 6, '0'),
                '["es"]', 'Acompañar es escuchar.', true,
                (ARRAY['bachelor','licensed','master','doctorate'])[1 + g %% 4],
                5 + g %% 20, g %% 12, g %% 3 > 0, g %% 4 = 0, g %% 5, 12,
                (ARRAY['in_person','virtual','hybrid'])[1 + g %% 3], %(pid)s,
                %(region0)s + g %% %(r)s, %(b_accounts_user)s + g, '["primary", "secondary"]'
            FROM generate_series(1, %(m)s) g""",
        )
        run(
            "mentors in cohorts",
            """INSERT INTO people_mentorprofile_cohorts (id, mentorprofile_id, cohort_id)
            SELECT %(b_people_mentorprofile_cohorts)s + (g - 1) * 3 + k + 1,
                %(b_people_mentorprofile)s + g, %(cohort0)s + k
            FROM generate_series(1, %(m)s) g, generate_series(0, 2) k""",
        )
        # Mentee g is in cohort g %% 3 (2 is this year's), at school g %% schools.
        run(
            "mentee profiles",
            """INSERT INTO people_menteeprofile (id, created_at, updated_at, code, languages,
                teaching_philosophy, active, position, years_in_position, preferred_modality,
                connectivity, subject, grade_level, career_stage, program_id, region_id,
                school_id, user_id)
            SELECT %(b_people_menteeprofile)s + g, now(), now(), 'D' || lpad(g::text, 7, '0'),
                '["es"]', '', true, 'principal', g %% 15,
                (ARRAY['in_person','virtual','hybrid'])[1 + g %% 3],
                (ARRAY['good','low','none'])[1 + g %% 3], '', '', '', %(pid)s,
                %(region0)s + (1 + (g - 1) %% %(schools)s) %% %(r)s,
                %(b_programs_school)s + 1 + (g - 1) %% %(schools)s,
                %(b_accounts_user)s + %(m)s + g
            FROM generate_series(1, %(n)s) g""",
        )
        run(
            "mentees in cohorts",
            """INSERT INTO people_menteeprofile_cohorts (id, menteeprofile_id, cohort_id)
            SELECT %(b_people_menteeprofile_cohorts)s + g, %(b_people_menteeprofile)s + g,
                %(cohort0)s + g %% 3
            FROM generate_series(1, %(n)s) g""",
        )
        # Mentee g's mentor is 1 + (g - 1) %% m.
        run(
            "partnerships",
            """INSERT INTO people_partnership (id, created_at, updated_at, started_on, ended_on,
                cohort_id, mentee_id, mentor_id, program_id)
            SELECT %(b_people_partnership)s + g, now(), now(), make_date(%(y0)s + g %% 3, 3, 1),
                CASE WHEN g %% 3 < 2 THEN make_date(%(y0)s + g %% 3, 12, 15) END,
                %(cohort0)s + g %% 3, %(b_people_menteeprofile)s + g,
                %(b_people_mentorprofile)s + 1 + (g - 1) %% %(m)s, %(pid)s
            FROM generate_series(1, %(n)s) g""",
        )
        run(
            "specialist assignments",
            """INSERT INTO people_specialistassignment (id, created_at, updated_at, mentor_id,
                program_id, specialist_id, discipline)
            SELECT %(b_people_specialistassignment)s + g, now(), now(),
                %(b_people_mentorprofile)s + g, %(pid)s, %(specialist)s, 'pedagogue'
            FROM generate_series(1, LEAST(200, %(m)s)) g""",
        )
        # Visits: visit g is with mentee e = 1 + (g - 1) %% n, in round (g - 1) / n %% 3 of
        # the mentee's cohort; the past ones are mostly done.
        run(
            "visits",
            """INSERT INTO visits_visit (id, created_at, updated_at, mode, scheduled_at,
                duration_minutes, place, status, mentee_id, mentor_id, program_id, round_id)
            SELECT %(b_visits_visit)s + g, now(), now(),
                (ARRAY['in_person','video','phone','messaging'])[1 + g %% 4], at, 60,
                'I.E. N.º ' || e,
                CASE WHEN at > now() THEN 'planned' WHEN g %% 10 = 0 THEN 'cancelled'
                    WHEN g %% 10 = 1 THEN 'planned' ELSE 'done' END,
                %(b_people_menteeprofile)s + e, %(b_people_mentorprofile)s + 1 + (e - 1) %% %(m)s,
                %(pid)s, %(round0)s + (e %% 3) * 3 + r
            FROM (
                SELECT g, e, r, (make_date(%(y0)s + e %% 3, 3 + r * 3, 1)
                    + ((g * 37) %% 85) * interval '1 day' + (8 + g %% 9) * interval '1 hour')
                    AT TIME ZONE 'America/Lima' AS at
                FROM (SELECT g, 1 + (g - 1) %% %(n)s AS e, ((g - 1) / %(n)s) %% 3 AS r
                      FROM generate_series(1, %(v)s) g) s
            ) t""",
        )
        run(
            "commitments",
            """INSERT INTO visits_commitment (id, created_at, updated_at, text, owner, due_on,
                status, closed_at, mentee_id, mentor_id, visit_id)
            SELECT %(b_visits_commitment)s + row_number() OVER (ORDER BY v.id, j), now(), now(),
                (ARRAY['Revisar el plan de mejora con el equipo docente',
                       'Observar dos aulas y dar retroalimentación',
                       'Convocar a la reunión de padres'])[j],
                CASE WHEN j = 1 THEN 'mentee' ELSE 'both' END,
                v.scheduled_at::date + 21 * j,
                CASE WHEN v.scheduled_at::date + 21 * j >= %(today)s THEN 'open'
                    WHEN v.round_id >= %(round0)s + 6 AND v.id %% 3 > 0 THEN 'open'
                    WHEN v.id %% 4 = 0 THEN 'dropped' ELSE 'done' END,
                NULL, v.mentee_id, v.mentor_id, v.id
            FROM visits_visit v, generate_series(1, 2) j
            WHERE v.program_id = %(pid)s AND v.status = 'done'""",
        )
        run(
            "field notebooks",
            """INSERT INTO visits_fieldnote (id, context, events, interpretation, notes, version,
                updated_at, visit_id)
            SELECT %(b_visits_fieldnote)s + row_number() OVER (ORDER BY v.id),
                'La directora recibió al mentor en la dirección; el equipo docente estaba en aula.',
                'Se revisó el plan anual y se observó una sesión de aprendizaje de segundo grado.',
                'El liderazgo pedagógico crece cuando la directora observa aulas con una rúbrica.',
                '', 1, now(), v.id
            FROM visits_visit v WHERE v.program_id = %(pid)s AND v.status = 'done'""",
        )
        # Training: an induction plan per cohort, 20 sessions, every mentor attends.
        plans = [
            TrainingPlan.objects.create(
                program=program, cohort=c, title=f"Inducción {c.year}", induction=True
            )
            for c in cohorts
        ]
        p["plan0"] = plans[0].pk
        assert plans[-1].pk == p["plan0"] + 2
        run(
            "training sessions",
            """INSERT INTO training_trainingsession (id, created_at, updated_at, title, module,
                modality, track, starts_at, duration_minutes, materials, plan_id, trainer_id)
            SELECT %(b_training_trainingsession)s + k * 20 + s, now(), now(), 'Sesión ' || s,
                (ARRAY['theory','role_play','instruments','field_notebook','soft_skills',
                       'case_review'])[1 + s %% 6], 'in_person', 'all',
                (make_date(%(y0)s + k, 1, 10) + s * interval '2 days' + interval '14 hours')
                    AT TIME ZONE 'America/Lima', 240, '', %(plan0)s + k, %(trainer)s
            FROM generate_series(0, 2) k, generate_series(1, 20) s""",
        )
        run(
            "training attendance",
            """INSERT INTO training_attendance (id, present, mentor_id, session_id)
            SELECT %(b_training_attendance)s + row_number() OVER (ORDER BY s, g),
                (g + s) %% 17 > 0, %(b_people_mentorprofile)s + g,
                %(b_training_trainingsession)s + s
            FROM generate_series(1, 60) s, generate_series(1, %(m)s) g""",
        )
        run(
            "training feedback",
            """INSERT INTO training_feedback (id, created_at, updated_at, clarity, usefulness,
                pace, participation, comment, mentor_id, session_id)
            SELECT %(b_training_feedback)s + row_number() OVER (ORDER BY s, g), now(), now(),
                1 + (g + s) %% 5, 1 + g %% 5, 1 + s %% 5, 1 + (g * s) %% 5,
                CASE WHEN g %% 7 = 0 THEN 'Más práctica con casos reales.' ELSE '' END,
                %(b_people_mentorprofile)s + g, %(b_training_trainingsession)s + s
            FROM generate_series(1, 60, 4) s, generate_series(1, %(m)s) g""",
        )
        # Group sessions: per cohort and region, ten sessions the region's mentors attend.
        run(
            "group sessions",
            """INSERT INTO group_sessions_groupsession (id, created_at, updated_at, kind, title,
                agenda, starts_at, duration_minutes, mode, place, status, notes, agreements,
                version, cohort_id, facilitator_id, program_id)
            SELECT %(b_group_sessions_groupsession)s + (k * %(r)s + r) * 10 + s, now(), now(),
                (ARRAY['counseling','case_review','peer_exchange'])[1 + s %% 3],
                'Consejería grupal ' || s, '',
                (make_date(%(y0)s + k, 3, 15) + s * interval '25 days' + interval '15 hours')
                    AT TIME ZONE 'America/Lima', 120, 'in_person', 'UGEL', 'scheduled', '', '',
                1, %(cohort0)s + k, %(coordinator)s, %(pid)s
            FROM generate_series(0, 2) k, generate_series(0, %(r)s - 1) r,
                generate_series(1, 10) s""",
        )
        run(
            "group session attendance",
            """INSERT INTO group_sessions_attendance (id, present, mentor_id, session_id)
            SELECT %(b_group_sessions_attendance)s + row_number() OVER (ORDER BY gs.id, g),
                (g + gs.id) %% 9 > 0, %(b_people_mentorprofile)s + g, gs.id
            FROM group_sessions_groupsession gs
            JOIN generate_series(1, %(m)s) g
              ON %(region0)s + g %% %(r)s
                 = %(region0)s + ((gs.id - %(b_group_sessions_groupsession)s - 1) / 10) %% %(r)s
            WHERE gs.program_id = %(pid)s""",
        )
        run(
            "informal meetings",
            """INSERT INTO group_sessions_informalmeeting (id, created_at, updated_at, met_on,
                mode, topic, learnt, cohort_id, logged_by_id, program_id)
            SELECT %(b_group_sessions_informalmeeting)s + g, now(), now(),
                make_date(%(y0)s + 2, 3, 1) + g %% 250, 'phone', 'Cómo usar la rúbrica',
                'Compartimos cómo registrar evidencias.', %(cohort0)s + 2,
                %(b_people_mentorprofile)s + 1 + (g - 1) %% %(m)s, %(pid)s
            FROM generate_series(1, 2 * %(m)s) g""",
        )
        run(
            "informal meeting participants",
            """INSERT INTO group_sessions_informalmeeting_participants (id, informalmeeting_id,
                mentorprofile_id)
            SELECT %(b_group_sessions_informalmeeting_participants)s + (g - 1) * 2 + j,
                %(b_group_sessions_informalmeeting)s + g,
                %(b_people_mentorprofile)s + 1
                    + ((g - 1) + (j - 1) * (1 + g %% GREATEST(%(m)s - 1, 1))) %% %(m)s
            FROM generate_series(1, 2 * %(m)s) g, generate_series(1, 2) j""",
        )
        # Surveys: the demo's questionnaires for mentors (induction) and mentees (satisfaction).
        questionnaires = {}
        for key in ("mentor_induction", "mentee_satisfaction"):
            q = Questionnaire.objects.create(
                program=program,
                title_es=f"Cuestionario {key}",
                title_en=f"Questionnaire {key}",
                template_key=key,
            )
            questionnaires[key] = q
            p["q"] = q.pk
            p["key"] = key
            run(
                f"questions ({key})",
                """INSERT INTO surveys_question (id, position, kind, text_es, text_en, required,
                    min_value, max_value, questionnaire_id)
                SELECT (SELECT COALESCE(MAX(id), 0) FROM surveys_question)
                        + row_number() OVER (ORDER BY position),
                    position, kind, text_es, text_en, required, min_value, max_value, %(q)s
                FROM (SELECT DISTINCT ON (position) *
                      FROM surveys_question WHERE questionnaire_id = (
                          SELECT MIN(id) FROM surveys_questionnaire WHERE template_key = %(key)s)
                      ORDER BY position) src""",
            )
            run(
                f"options ({key})",
                """INSERT INTO surveys_option (id, position, text_es, text_en, question_id)
                SELECT (SELECT COALESCE(MAX(id), 0) FROM surveys_option)
                        + row_number() OVER (ORDER BY qn.id, o.position),
                    o.position, o.text_es, o.text_en, qn.id
                FROM surveys_option o
                JOIN surveys_question qo ON qo.id = o.question_id
                JOIN surveys_question qn
                  ON qn.position = qo.position AND qn.questionnaire_id = %(q)s
                WHERE qo.questionnaire_id = (
                    SELECT MIN(id) FROM surveys_questionnaire WHERE template_key = %(key)s)""",
            )
        this_year = cohorts[2]
        sent = {
            "mentor_induction": Distribution.objects.create(
                program=program,
                questionnaire=questionnaires["mentor_induction"],
                role="mentor",
                trigger="after_induction",
                anonymous=True,
                opens_on=datetime.date(year, 3, 1),
                closes_on=datetime.date(year, 3, 15),
                cohort=this_year,
            ),
            "mentee_satisfaction": Distribution.objects.create(
                program=program,
                questionnaire=questionnaires["mentee_satisfaction"],
                role="mentee",
                trigger="end_of_program",
                anonymous=True,
                opens_on=datetime.date(year, 11, 15),
                closes_on=datetime.date(year, 12, 15),
                cohort=this_year,
            ),
        }
        # Every mentor and every third mentee is invited; three in four answer.
        for key, people, user_offset in (
            ("mentor_induction", m, 0),
            ("mentee_satisfaction", n // 3, m),
        ):
            p.update(d=sent[key].pk, q=questionnaires[key].pk, people=people, uoff=user_offset)
            p["role"] = "mentor" if user_offset == 0 else "mentee"
            p["step"] = 1 if user_offset == 0 else 3
            p["shift"] = 0 if user_offset == 0 else 1  # mentees 2, 5, 8…: this year's cohort
            run(
                f"invitations ({key})",
                """INSERT INTO surveys_invitation (id, token, created_at, emailed_on,
                    reminder_count, answered, cohort_id, distribution_id, user_id)
                SELECT (SELECT COALESCE(MAX(id), 0) FROM surveys_invitation) + g,
                    md5(%(d)s || '-' || g), now(), %(today)s, 0, g %% 4 > 0, %(cohort0)s + 2,
                    %(d)s, %(b_accounts_user)s + %(uoff)s + g * %(step)s - %(shift)s
                FROM generate_series(1, %(people)s) g""",
            )
            run(
                f"responses ({key})",
                """INSERT INTO surveys_response (id, submitted_on, modality, role, cohort_id,
                    distribution_id)
                SELECT md5('r' || %(d)s || '-' || g)::uuid, %(today)s, 'hybrid', %(role)s,
                    %(cohort0)s + 2, %(d)s
                FROM generate_series(1, %(people)s) g WHERE g %% 4 > 0""",
            )
            run(
                f"answers ({key})",
                """INSERT INTO surveys_answer (id, number, text, option_id, question_id,
                    response_id)
                SELECT md5('a' || r.id::text || q.id)::uuid,
                    CASE WHEN q.kind IN ('likert', 'number')
                        THEN COALESCE(q.min_value, 1)
                            + abs(hashtext(r.id::text || q.id)) %%
                              (COALESCE(q.max_value, 5) - COALESCE(q.min_value, 1) + 1)
                    END,
                    CASE WHEN q.kind = 'text' AND abs(hashtext(r.id::text)) %% 3 = 0
                        THEN 'Quisiera más visitas presenciales y tiempo para revisar '
                             || 'los compromisos con el equipo docente.' ELSE '' END,
                    (SELECT o.id FROM surveys_option o WHERE o.question_id = q.id
                     ORDER BY o.position
                     OFFSET abs(hashtext(r.id::text || q.id)) %% 3 LIMIT 1),
                    q.id, r.id
                FROM surveys_response r
                JOIN surveys_question q ON q.questionnaire_id = %(q)s
                WHERE r.distribution_id = %(d)s""",
            )
        # Costs: time logs and expenses every mentor keeps, and the budget.
        run(
            "time logs",
            """INSERT INTO costs_timelog (id, created_at, updated_at, worked_on, category,
                hours, note, mentor_id, program_id)
            SELECT %(b_costs_timelog)s + (g - 1) * 50 + k, now(), now(),
                make_date(%(y0)s + k %% 3, 3, 1) + (k * 5 + g) %% 270,
                (ARRAY['visits','travel','preparation','training','group_sessions',
                       'other'])[1 + k %% 6], 1 + (k %% 4) * 0.5, '',
                %(b_people_mentorprofile)s + g, %(pid)s
            FROM generate_series(1, %(m)s) g, generate_series(1, 50) k""",
        )
        run(
            "expenses",
            """INSERT INTO costs_expense (id, created_at, updated_at, spent_on, category, amount,
                currency, description, receipt, status, decision_reason, version, mentor_id,
                program_id, receipt_original_name)
            SELECT %(b_costs_expense)s + (g - 1) * 10 + k, now(), now(),
                make_date(%(y0)s + k %% 3, 3, 1) + (k * 17 + g) %% 270,
                (ARRAY['travel','connectivity','materials','other'])[1 + k %% 4],
                10 + (g * k) %% 110, 'PEN', 'Pasajes a la I.E.', '',
                (ARRAY['approved','approved','approved','approved','approved','approved',
                       'submitted','rejected','draft'])[1 + (g + k) %% 9],
                '', 1, %(b_people_mentorprofile)s + g, %(pid)s, ''
            FROM generate_series(1, %(m)s) g, generate_series(1, 10) k""",
        )
        run(
            "budget lines",
            """INSERT INTO costs_budgetline (created_at, updated_at, year, category, amount,
                note, program_id)
            SELECT now(), now(), %(y0)s + k, c, 2000000, '', %(pid)s
            FROM generate_series(0, 2) k,
                unnest(ARRAY['travel','connectivity','materials','other']) c""",
        )
        _reset_sequences(cursor, TABLES)
        add_readiness(pid, log=log)
        _set_defaults(cursor, defaults, drop=True)
    log("  analyze")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    mentee_index = 2  # in this year's cohort (2 %% 3 == 2)
    return National(
        slug=slug,
        coordinator_id=staff["coordinator"],
        mentor_user_id=ids["accounts_user"] + 1 + (mentee_index - 1) % m,
        mentee_user_id=ids["accounts_user"] + m + mentee_index,
        specialist_id=staff["specialist"],
        researcher_id=staff["researcher"],
        cohort_id=cohorts[2].pk,
        mentor_code=f"T{1 + (mentee_index - 1) % m:06d}",
        mentee_code=f"D{mentee_index:07d}",
        questionnaire_id=questionnaires["mentee_satisfaction"].pk,
        session_id=ids["training_trainingsession"] + 41,
        group_session_id=ids["group_sessions_groupsession"] + 2 * REGIONS * 10 + 1,
    )


def add_readiness(program_id: int, *, log=lambda message: None) -> None:
    """Five readiness items per cohort; each mentor has signed most of them (one in seven
    missing), so that most mentors of a national cohort are "not ready" for one item or two."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM training_readinessitem WHERE program_id = %s LIMIT 1", [program_id]
        )
        if cursor.fetchone():
            return
        cursor.execute(
            """INSERT INTO training_readinessitem (created_at, updated_at, title, position,
                cohort_id, program_id, active, modules)
            SELECT now(), now(), t, k, c.id, c.program_id, true, '[]'::jsonb
            FROM programs_cohort c,
                unnest(ARRAY['Inducción completa', 'Protocolo leído', 'Convenio firmado',
                             'Instrumentos probados', 'Cuaderno de campo activo'])
                    WITH ORDINALITY AS x(t, k)
            WHERE c.program_id = %s""",
            [program_id],
        )
        log(f"  readiness items: {cursor.rowcount:,} rows")
        cursor.execute(
            """INSERT INTO training_readinesscheck (evidence, signed_at, mentor_id, item_id,
                automatic)
            SELECT '', now(), mc.mentorprofile_id, i.id, false
            FROM training_readinessitem i
            JOIN people_mentorprofile_cohorts mc ON mc.cohort_id = i.cohort_id
            WHERE i.program_id = %s AND (mc.mentorprofile_id + i.position) %% 7 > 0""",
            [program_id],
        )
        log(f"  readiness checks: {cursor.rowcount:,} rows")
