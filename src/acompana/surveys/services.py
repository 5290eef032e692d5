"""Writes of the surveys app: building questionnaires, distributing them, answering.

Nothing here audits or records anything that would tie an anonymous response to a person: the
answer of an anonymous survey is stored without respondent, date or pointer from the invitation,
and no audit entry is written for it (the audit log's precise times would be a join key).
"""

import datetime
import secrets
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from acompana.accounts.models import Membership, Role, User
from acompana.common import audit
from acompana.people.models import MenteeProfile, MentorProfile
from acompana.programs.models import Cohort, Program
from acompana.surveys.defaults import TEMPLATES
from acompana.surveys.models import (
    LIKERT,
    Answer,
    Distribution,
    Invitation,
    Option,
    Question,
    Questionnaire,
    Response,
)
from acompana.surveys.selectors import MIN_CELL

TEXT_MAX = 5000


def invitation_token() -> str:
    return secrets.token_urlsafe(24)


def _require_editable(questionnaire: Questionnaire) -> None:
    if questionnaire.distributions.exists():
        raise ValidationError(
            _(
                "This questionnaire has been sent, so its questions are locked. "
                "Make a new version to change them."
            )
        )


@transaction.atomic
def questionnaire_create(
    *,
    program: Program,
    title_es: str,
    title_en: str,
    description_es: str = "",
    description_en: str = "",
    actor: Any,
) -> Questionnaire:
    """A new, empty questionnaire (a title in at least one language)."""
    if not (title_es.strip() or title_en.strip()):
        raise ValidationError(_("Give a title in Spanish or in English."))
    questionnaire = Questionnaire.objects.create(
        program=program,
        title_es=title_es.strip(),
        title_en=title_en.strip(),
        description_es=description_es.strip(),
        description_en=description_en.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.log("surveys.questionnaire.created", actor=actor, target=questionnaire)
    return questionnaire


def _add_question(
    questionnaire: Questionnaire,
    *,
    position: int,
    kind: str,
    text_es: str,
    text_en: str,
    required: bool,
    min_value: Decimal | None,
    max_value: Decimal | None,
    options: Sequence[tuple[str, str]],
) -> Question:
    question = Question.objects.create(
        questionnaire=questionnaire,
        position=position,
        kind=kind,
        text_es=text_es,
        text_en=text_en,
        required=required,
        min_value=min_value if kind == Question.Kind.NUMBER else None,
        max_value=max_value if kind == Question.Kind.NUMBER else None,
    )
    if question.has_options:
        Option.objects.bulk_create(
            Option(question=question, position=i, text_es=es, text_en=en)
            for i, (es, en) in enumerate(options, start=1)
        )
    return question


def _check_question(
    *,
    kind: str,
    text_es: str,
    text_en: str,
    min_value: Decimal | None,
    max_value: Decimal | None,
    options: Sequence[tuple[str, str]],
) -> None:
    if kind not in Question.Kind.values:
        raise ValidationError(_("Unknown kind of question."))
    if not (text_es.strip() or text_en.strip()):
        raise ValidationError(_("Give the question's text in Spanish or in English."))
    choices = [o for o in options if o[0].strip() or o[1].strip()]
    if kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE} and len(choices) < 2:
        raise ValidationError(_("A choice question needs at least two options."))
    if (
        kind == Question.Kind.NUMBER
        and min_value is not None
        and max_value is not None
        and min_value > max_value
    ):
        raise ValidationError(_("The minimum cannot be above the maximum."))


@transaction.atomic
def question_save(
    *,
    questionnaire: Questionnaire,
    question: Question | None = None,
    kind: str,
    text_es: str,
    text_en: str,
    required: bool = True,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    options: Sequence[tuple[str, str]] = (),
    actor: Any,
) -> Question:
    """Add a question at the end, or replace ``question`` in place (same position). Refused
    once the questionnaire has been sent."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    _require_editable(questionnaire)
    options = [(es.strip(), en.strip()) for es, en in options if es.strip() or en.strip()]
    _check_question(
        kind=kind,
        text_es=text_es,
        text_en=text_en,
        min_value=min_value,
        max_value=max_value,
        options=options,
    )
    if question is not None:
        if question.questionnaire_id != questionnaire.pk:
            raise ValidationError(_("This question belongs to another questionnaire."))
        position = question.position
        question.delete()
    else:
        position = (questionnaire.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    saved = _add_question(
        questionnaire,
        position=position,
        kind=kind,
        text_es=text_es.strip(),
        text_en=text_en.strip(),
        required=required,
        min_value=min_value,
        max_value=max_value,
        options=options,
    )
    audit.log(
        "surveys.question.saved",
        actor=actor,
        target=questionnaire,
        data={"position": position, "kind": kind, "edited": question is not None},
    )
    return saved


@transaction.atomic
def question_delete(*, question: Question, actor: Any) -> None:
    questionnaire = Questionnaire.objects.select_for_update().get(pk=question.questionnaire_id)
    _require_editable(questionnaire)
    position = question.position
    question.delete()
    # Close the gap, one row at a time from the top so the unique position never collides.
    for later in questionnaire.questions.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    audit.log(
        "surveys.question.deleted", actor=actor, target=questionnaire, data={"position": position}
    )


@transaction.atomic
def question_move(*, question: Question, offset: int, actor: Any) -> None:
    """Swap the question with its neighbour above (``offset=-1``) or below (``+1``)."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=question.questionnaire_id)
    _require_editable(questionnaire)
    other = questionnaire.questions.filter(position=question.position + offset).first()
    if other is None:
        return
    mine, theirs = question.position, other.position
    question.position = 0
    question.save(update_fields=["position"])
    other.position = mine
    other.save(update_fields=["position"])
    question.position = theirs
    question.save(update_fields=["position"])
    audit.log(
        "surveys.question.moved",
        actor=actor,
        target=questionnaire,
        data={"from": mine, "to": theirs},
    )


def _copy_questions(source: Iterable[Question], target: Questionnaire) -> None:
    for question in source:
        _add_question(
            target,
            position=question.position,
            kind=question.kind,
            text_es=question.text_es,
            text_en=question.text_en,
            required=question.required,
            min_value=question.min_value,
            max_value=question.max_value,
            options=[(o.text_es, o.text_en) for o in question.options.all()],
        )


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire, actor: Any) -> Questionnaire:
    """An editable copy of ``questionnaire`` numbered one version higher; the original and
    its responses stay as they are."""
    latest = (
        Questionnaire.objects.filter(program=questionnaire.program)
        .filter(title_es=questionnaire.title_es, title_en=questionnaire.title_en)
        .aggregate(m=Max("version"))["m"]
        or questionnaire.version
    )
    copy = Questionnaire.objects.create(
        program=questionnaire.program,
        title_es=questionnaire.title_es,
        title_en=questionnaire.title_en,
        description_es=questionnaire.description_es,
        description_en=questionnaire.description_en,
        template_key=questionnaire.template_key,
        version=latest + 1,
        based_on=questionnaire,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _copy_questions(questionnaire.questions.prefetch_related("options"), copy)
    audit.log(
        "surveys.questionnaire.versioned",
        actor=actor,
        target=copy,
        data={"from": questionnaire.pk, "version": copy.version},
    )
    return copy


@transaction.atomic
def questionnaire_from_template(*, program: Program, key: str, actor: Any) -> Questionnaire:
    """Copy one of the shipped templates (``surveys.defaults.TEMPLATES``) into ``program``."""
    if key not in TEMPLATES:
        raise ValidationError(_("Unknown template."))
    template = TEMPLATES[key]
    version = (
        Questionnaire.objects.filter(program=program, template_key=key).aggregate(m=Max("version"))[
            "m"
        ]
        or 0
    ) + 1
    questionnaire = Questionnaire.objects.create(
        program=program,
        title_es=template["title_es"],
        title_en=template["title_en"],
        description_es=template["description_es"],
        description_en=template["description_en"],
        template_key=key,
        version=version,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for position, (kind, es, en, required, extra) in enumerate(template["questions"], start=1):
        number_range = extra if kind == Question.Kind.NUMBER else (None, None)
        _add_question(
            questionnaire,
            position=position,
            kind=kind,
            text_es=es,
            text_en=en,
            required=required,
            min_value=None if number_range[0] is None else Decimal(number_range[0]),
            max_value=None if number_range[1] is None else Decimal(number_range[1]),
            options=extra if kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE} else (),
        )
    audit.log(
        "surveys.questionnaire.from_template", actor=actor, target=questionnaire, data={"key": key}
    )
    return questionnaire


# --- Distribution ----------------------------------------------------------------------------


def recipients(*, program: Program, role: str, cohort: Cohort | None) -> list[User]:
    """Who a distribution to ``role`` (in ``cohort``) invites: active mentor or mentee profiles
    of the cohort; for specialists and trainers, the program's members with that role."""
    if role in {Role.MENTOR, Role.MENTEE}:
        model = MentorProfile if role == Role.MENTOR else MenteeProfile
        profiles: Any = model.objects.filter(program=program, active=True)
        if cohort is not None:
            profiles = profiles.filter(cohorts=cohort)
        ids: Any = profiles.values_list("user_id", flat=True)
    else:
        ids = Membership.objects.filter(program=program, role=role).values_list(
            "user_id", flat=True
        )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _require_anonymous_group(*, people: Sequence[User]) -> None:
    """An anonymous survey needs a group of at least MIN_CELL people (the size below which
    results are suppressed): the only answer of a group of one is that person's answer."""
    if len(people) < MIN_CELL:
        raise ValidationError(
            {
                "anonymous": _(
                    "An anonymous survey needs at least %(minimum)d people to invite; this "
                    "role and cohort has %(count)d, so their answers could be told apart. Send "
                    "it to a larger group, or with names."
                )
                % {"minimum": MIN_CELL, "count": len(people)}
            },
            code="small_group",
        )


def distribution_recipients(
    *,
    questionnaire: Questionnaire,
    role: str,
    trigger: str,
    anonymous: bool,
    opens_on: datetime.date,
    closes_on: datetime.date,
    cohort: Cohort | None = None,
) -> list[User]:
    """Check a distribution as ``distribution_create`` does, writing nothing: the people it
    invites (for "after each visit", those it may invite later), or ValidationError. The send
    page shows their number before the coordinator confirms."""
    program = questionnaire.program
    if role not in Distribution.ROLES:
        raise ValidationError(_("Surveys go to mentors, mentees, specialists or trainers."))
    if trigger not in Distribution.Trigger.values:
        raise ValidationError(_("Choose when the survey is sent."))
    if trigger == Distribution.Trigger.AFTER_VISIT and role != Role.MENTEE:
        raise ValidationError(_("Surveys after each visit go to the visit's mentee."))
    if closes_on < opens_on:
        raise ValidationError(_("The survey must close on or after the day it opens."))
    if cohort is not None and cohort.program_id != program.pk:
        raise ValidationError(_("The cohort belongs to another program."))
    if not questionnaire.questions.exists():
        raise ValidationError(_("Add questions before sending the questionnaire."))
    people = recipients(program=program, role=role, cohort=cohort)
    if anonymous:
        _require_anonymous_group(people=people)
    return people


@transaction.atomic
def distribution_create(
    *,
    questionnaire: Questionnaire,
    role: str,
    trigger: str,
    anonymous: bool,
    opens_on: datetime.date,
    closes_on: datetime.date,
    cohort: Cohort | None = None,
    actor: Any,
) -> Distribution:
    """Send ``questionnaire``: at a milestone, everyone with ``role`` (in ``cohort``) gets an
    invitation now; "after each visit" (mentees only) invites the mentee whenever a visit is
    marked done while the distribution is open. Invitations are emailed by
    ``send_survey_reminders`` from the opening day (at once when it opens today)."""
    program = questionnaire.program
    people = distribution_recipients(
        questionnaire=questionnaire,
        role=role,
        trigger=trigger,
        anonymous=anonymous,
        opens_on=opens_on,
        closes_on=closes_on,
        cohort=cohort,
    )
    distribution = Distribution.objects.create(
        program=program,
        questionnaire=questionnaire,
        cohort=cohort,
        role=role,
        trigger=trigger,
        anonymous=anonymous,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    invited = 0
    if trigger != Distribution.Trigger.AFTER_VISIT:
        Invitation.objects.bulk_create(
            Invitation(
                distribution=distribution, user=person, cohort=cohort, token=invitation_token()
            )
            for person in people
        )
        invited = len(people)
    audit.log(
        "surveys.distribution.created",
        actor=actor,
        target=distribution,
        data={
            "role": role,
            "trigger": trigger,
            "anonymous": anonymous,
            "cohort": cohort.pk if cohort else None,
            "invited": invited,
        },
    )
    if opens_on <= timezone.localdate() and invited:
        from acompana.surveys.reminders import invitations_send

        transaction.on_commit(lambda: invitations_send(distribution_id=distribution.pk))
    return distribution


def _visit_cohort(visit: Any) -> Cohort | None:
    if visit.round_id and visit.round.cohort_id:
        cohort: Cohort = visit.round.cohort
        return cohort
    latest: Cohort | None = visit.mentee.cohorts.order_by("-year").first()
    return latest


def invitations_after_visit(*, visit: Any) -> list[Invitation]:
    """Invite the visit's mentee to each open "after each visit" survey of the program (of
    the visit's cohort, or of every cohort). Called when a visit is marked done."""
    today = timezone.localdate()
    cohort = _visit_cohort(visit)
    distributions = Distribution.objects.filter(
        program_id=visit.program_id,
        trigger=Distribution.Trigger.AFTER_VISIT,
        opens_on__lte=today,
        closes_on__gte=today,
    )
    created = []
    for distribution in distributions:
        if distribution.cohort_id and distribution.cohort_id != getattr(cohort, "pk", None):
            continue
        invitation, new = Invitation.objects.get_or_create(
            distribution=distribution,
            user=visit.mentee.user,
            visit=visit,
            defaults={"cohort": cohort, "token": invitation_token()},
        )
        if new:
            created.append(invitation)
    if created:
        from acompana.surveys.reminders import invitations_send

        ids = [i.distribution_id for i in created]
        transaction.on_commit(lambda: [invitations_send(distribution_id=pk) for pk in ids])
    return created


# --- Answering --------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    return number


def _ids(value: Any) -> list[int]:
    if value is None or value == "":
        return []
    values = value if isinstance(value, list | tuple) else [value]
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError):
        raise ValidationError(_("Choose one of the options.")) from None


def _clean_one(question: Question, value: Any) -> list[dict[str, Any]]:
    """The Answer rows (as field dicts) for one question's raw value; [] when unanswered."""
    kind = question.kind
    if kind == Question.Kind.TEXT:
        text = str(value or "").strip()
        if len(text) > TEXT_MAX:
            raise ValidationError(_("The answer is too long."))
        return [{"text": text}] if text else []
    if kind == Question.Kind.LIKERT:
        points = _ids(value)
        if not points:
            return []
        if len(points) > 1 or points[0] not in {v for v, _es, _en in LIKERT}:
            raise ValidationError(_("Choose a point of the scale."))
        return [{"number": Decimal(points[0])}]
    if kind == Question.Kind.NUMBER:
        number = _decimal(value)
        if number is None:
            return []
        if question.min_value is not None and number < question.min_value:
            raise ValidationError(_("The lowest allowed is %(n)s.") % {"n": question.min_value})
        if question.max_value is not None and number > question.max_value:
            raise ValidationError(_("The highest allowed is %(n)s.") % {"n": question.max_value})
        if abs(number) >= Decimal("10000000") or number != round(number, 2):
            raise ValidationError(_("Use at most two decimals and fewer than eight digits."))
        return [{"number": number}]
    chosen = _ids(value)
    valid = {o.pk: o for o in question.options.all()}
    if any(pk not in valid for pk in chosen):
        raise ValidationError(_("Choose one of the options."))
    if kind == Question.Kind.SINGLE and len(chosen) > 1:
        raise ValidationError(_("Choose only one option."))
    return [{"option": valid[pk]} for pk in dict.fromkeys(chosen)]


def answers_clean(
    *, questionnaire: Questionnaire, answers: Mapping[Any, Any]
) -> list[tuple[Question, dict[str, Any]]]:
    """Validate raw answers keyed by question id (int or str): a ValidationError whose
    ``message_dict`` is keyed by question id, or the rows to store."""
    raw = {str(key): value for key, value in answers.items()}
    rows: list[tuple[Question, dict[str, Any]]] = []
    errors: dict[str, list[str]] = {}
    for question in questionnaire.questions.prefetch_related("options"):
        try:
            cleaned = _clean_one(question, raw.get(str(question.pk)))
        except ValidationError as exc:
            errors[str(question.pk)] = exc.messages
            continue
        if not cleaned and question.required:
            errors[str(question.pk)] = [_("This question is required.")]
        rows.extend((question, fields) for fields in cleaned)
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def response_submit(*, invitation: Invitation, answers: Mapping[Any, Any], actor: Any) -> Response:
    """Store ``actor``'s answers to their ``invitation``, once, while the survey is open.

    Anonymous: the response keeps only cohort, modality and role; the invitation only learns
    that it was answered; nothing is audited. Named: the response names the respondent and its
    day, and the submission is audited."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    distribution = Distribution.objects.select_related("questionnaire", "cohort").get(
        pk=invitation.distribution_id
    )
    if invitation.user_id != getattr(actor, "pk", None):
        raise ValidationError(_("This invitation is someone else's."))
    if invitation.answered:
        raise ValidationError(_("You have already answered this survey."))
    today = timezone.localdate()
    if not distribution.is_open_on(today):
        raise ValidationError(_("This survey is not open."))
    rows = answers_clean(questionnaire=distribution.questionnaire, answers=answers)
    cohort = invitation.cohort
    response = Response.objects.create(
        distribution=distribution,
        respondent=None if distribution.anonymous else actor,
        submitted_on=None if distribution.anonymous else today,
        cohort=cohort,
        modality=cohort.modality if cohort else "",
        role=distribution.role,
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=question, **fields) for question, fields in rows
    )
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    if not distribution.anonymous:
        audit.log(
            "surveys.response.submitted",
            actor=actor,
            target=distribution,
            data={"response": str(response.pk)},
        )
    return response
