"""Surveys over the API, with the rules of the pages:

* questionnaires (list, retrieve, create with their questions), distributions (create, list,
  retrieve with the response rate) and results are for coordinators only; other members get
  403 and outsiders 404;
* every member lists their own invitations and answers them; someone else's invitation is a
  404, as if it did not exist.

Nothing here returns who gave an anonymous response: distributions give counts only, results
are aggregated (breakdown groups under the minimum size are suppressed), and invitations say
only whether they were answered.
"""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from acompana.api.base import ProgramScopedViewSet, one_of
from acompana.api.schema import ID, reads, writes
from acompana.common.ids import MAX_ID, id_or_404
from acompana.surveys import services
from acompana.surveys.models import Distribution, Invitation, Option, Question, Questionnaire
from acompana.surveys.selectors import (
    BREAKDOWNS,
    distribution_list,
    get_distribution_for_user,
    get_invitation_by_id_for_user,
    get_questionnaire_for_user,
    invitations_for_user,
    questionnaire_list,
    response_rate,
    results,
)

# --- Representations -------------------------------------------------------------------------


class SurveyOptionSerializer(serializers.ModelSerializer[Option]):
    class Meta:
        model = Option
        fields = ["id", "position", "text_es", "text_en"]
        read_only_fields = ["id", "position"]


class SurveyQuestionSerializer(serializers.ModelSerializer[Question]):
    options = SurveyOptionSerializer(many=True, required=False)

    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "kind",
            "text_es",
            "text_en",
            "required",
            "min_value",
            "max_value",
            "options",
        ]
        read_only_fields = ["id", "position"]


class QuestionnaireSerializer(serializers.ModelSerializer[Questionnaire]):
    questions = SurveyQuestionSerializer(many=True, required=False)
    locked = serializers.BooleanField(
        read_only=True, help_text="Sent questionnaires are locked; edit a new version."
    )

    class Meta:
        model = Questionnaire
        fields = [
            "id",
            "title_es",
            "title_en",
            "description_es",
            "description_en",
            "template_key",
            "version",
            "locked",
            "questions",
        ]
        read_only_fields = ["id", "template_key", "version", "locked"]


class QuestionnaireCreateSerializer(serializers.Serializer):
    title_es = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description_es = serializers.CharField(required=False, allow_blank=True, default="")
    description_en = serializers.CharField(required=False, allow_blank=True, default="")
    template = serializers.ChoiceField(
        choices=[
            "mentor_induction",
            "mentee_satisfaction",
            "mentor_self_efficacy",
            "end_of_program",
        ],
        required=False,
        help_text="Copy a shipped template instead (the other fields are then ignored).",
    )
    questions = SurveyQuestionSerializer(many=True, required=False)


class SurveyRateSerializer(serializers.Serializer):
    invited = serializers.IntegerField(max_value=MAX_ID)
    answered = serializers.IntegerField(max_value=MAX_ID)
    rate = serializers.IntegerField(
        max_value=MAX_ID, allow_null=True, help_text="Percent answered, or null."
    )


class DistributionSerializer(serializers.ModelSerializer[Distribution]):
    response_rate = serializers.SerializerMethodField()

    class Meta:
        model = Distribution
        fields = [
            "id",
            "questionnaire",
            "cohort",
            "role",
            "trigger",
            "anonymous",
            "opens_on",
            "closes_on",
            "response_rate",
        ]
        read_only_fields = fields

    @extend_schema_field(SurveyRateSerializer)
    def get_response_rate(self, distribution: Distribution) -> dict[str, Any]:
        return response_rate(distribution)


class DistributionCreateSerializer(serializers.Serializer):
    questionnaire = serializers.IntegerField(max_value=MAX_ID)
    cohort = serializers.IntegerField(
        max_value=MAX_ID, required=False, allow_null=True, default=None
    )
    role = serializers.ChoiceField(choices=[r.value for r in Distribution.ROLES])
    trigger = serializers.ChoiceField(choices=Distribution.Trigger.values)
    anonymous = serializers.BooleanField(default=True)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()


class SurveyInvitationSerializer(serializers.ModelSerializer[Invitation]):
    questionnaire = serializers.IntegerField(
        max_value=MAX_ID, source="distribution.questionnaire_id"
    )
    title = serializers.CharField(source="distribution.questionnaire.title")
    anonymous = serializers.BooleanField(source="distribution.anonymous")
    opens_on = serializers.DateField(source="distribution.opens_on")
    closes_on = serializers.DateField(source="distribution.closes_on")

    class Meta:
        model = Invitation
        fields = [
            "id",
            "questionnaire",
            "title",
            "anonymous",
            "opens_on",
            "closes_on",
            "answered",
        ]
        read_only_fields = fields


class SurveyAnswerWriteSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="By question id: a Likert point 1-5, an option id, a list of option ids, a "
        "number or a text.",
    )


class SurveyAnswerDoneSerializer(serializers.Serializer):
    answered = serializers.BooleanField()


class SurveyGroupSerializer(serializers.Serializer):
    name = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Fewer than 3 respondents: no numbers.")
    respondents = serializers.IntegerField(max_value=MAX_ID, required=False)
    counts = serializers.ListField(child=serializers.IntegerField(max_value=MAX_ID), required=False)
    mean = serializers.FloatField(required=False, allow_null=True)


class SurveyCountSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField(max_value=MAX_ID)


class SurveyQuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(max_value=MAX_ID)
    position = serializers.IntegerField(max_value=MAX_ID)
    kind = serializers.CharField()
    text = serializers.CharField()
    respondents = serializers.IntegerField(max_value=MAX_ID)
    counts = SurveyCountSerializer(many=True)
    numbers = serializers.ListField(child=serializers.FloatField())
    mean = serializers.FloatField(allow_null=True)
    texts = serializers.ListField(child=serializers.CharField())
    groups = SurveyGroupSerializer(many=True)


class SurveyResultsSerializer(serializers.Serializer):
    questionnaire = serializers.IntegerField(max_value=MAX_ID)
    responses = serializers.IntegerField(max_value=MAX_ID)
    by = serializers.CharField()
    suppressed = serializers.IntegerField(max_value=MAX_ID)
    questions = SurveyQuestionResultSerializer(many=True)


# --- Endpoints ---------------------------------------------------------------------------------


@extend_schema_view(
    list=reads("Questionnaires of the program (coordinators)", QuestionnaireSerializer),
    retrieve=reads(
        "One questionnaire with its questions (coordinators)", QuestionnaireSerializer, ID
    ),
    create=writes(
        "Create a questionnaire with its questions, or copy a template (coordinators)",
        QuestionnaireSerializer,
        request=QuestionnaireCreateSerializer,
        code=201,
    ),
)
class QuestionnaireViewSet(ProgramScopedViewSet):
    serializer_class = QuestionnaireSerializer
    queryset = Questionnaire.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        questionnaires = questionnaire_list(user=self.caller, program=self.program)
        page = self.paginate_queryset(questionnaires.prefetch_related("questions__options"))
        return self.get_paginated_response(QuestionnaireSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        questionnaire = get_questionnaire_for_user(
            user=self.caller, program=self.program, pk=id_or_404(kwargs["pk"])
        )
        return Response(QuestionnaireSerializer(questionnaire).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_coordinator()
        data = self.validated(QuestionnaireCreateSerializer)
        # One transaction: a refused question leaves no half-built questionnaire behind.
        with transaction.atomic():
            if data.get("template"):
                questionnaire = services.questionnaire_from_template(
                    program=self.program, key=data["template"], actor=self.caller
                )
            else:
                questionnaire = services.questionnaire_create(
                    program=self.program,
                    title_es=data["title_es"],
                    title_en=data["title_en"],
                    description_es=data["description_es"],
                    description_en=data["description_en"],
                    actor=self.caller,
                )
                for question in data.get("questions", []):
                    services.question_save(
                        questionnaire=questionnaire,
                        kind=question["kind"],
                        text_es=question.get("text_es", ""),
                        text_en=question.get("text_en", ""),
                        required=question.get("required", True),
                        min_value=question.get("min_value"),
                        max_value=question.get("max_value"),
                        options=[
                            (o.get("text_es", ""), o.get("text_en", ""))
                            for o in question.get("options", [])
                        ],
                        actor=self.caller,
                    )
        questionnaire = get_questionnaire_for_user(
            user=self.caller, program=self.program, pk=questionnaire.pk
        )
        return Response(QuestionnaireSerializer(questionnaire).data, status=status.HTTP_201_CREATED)

    @reads(
        "Aggregated results per question (coordinators)",
        SurveyResultsSerializer,
        ID,
        OpenApiParameter(
            "distribution",
            OpenApiTypes.INT,
            description="Only the responses to this sent survey.",
        ),
        OpenApiParameter("by", OpenApiTypes.STR, enum=[*BREAKDOWNS], description="A breakdown."),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def results(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        questionnaire = get_questionnaire_for_user(
            user=self.caller, program=self.program, pk=id_or_404(kwargs["pk"])
        )
        distribution = None
        raw = request.query_params.get("distribution", "")
        if raw:
            distribution = get_distribution_for_user(
                user=self.caller, program=self.program, pk=id_or_404(raw)
            )
        outcome = results(
            questionnaire=questionnaire,
            distribution=distribution,
            by=request.query_params.get("by", ""),
        )
        body = {
            "questionnaire": questionnaire.pk,
            "responses": outcome.responses,
            "by": outcome.by,
            "suppressed": outcome.suppressed,
            "questions": [
                {
                    "question": r.question.pk,
                    "position": r.question.position,
                    "kind": r.question.kind,
                    "text": r.question.text,
                    "respondents": r.respondents,
                    "counts": [{"label": label, "count": n} for label, n in r.counts],
                    "numbers": sorted(r.numbers),
                    "mean": r.mean,
                    "texts": r.texts,
                    "groups": r.groups,
                }
                for r in outcome.questions
            ],
        }
        return Response(SurveyResultsSerializer(body).data)


@extend_schema_view(
    list=reads("Sent surveys with their response rates (coordinators)", DistributionSerializer),
    retrieve=reads(
        "One sent survey with its response rate (coordinators)", DistributionSerializer, ID
    ),
    create=writes(
        "Send a questionnaire to a role in a cohort (coordinators)",
        DistributionSerializer,
        request=DistributionCreateSerializer,
        code=201,
    ),
)
class DistributionViewSet(ProgramScopedViewSet):
    serializer_class = DistributionSerializer
    queryset = Distribution.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(distribution_list(user=self.caller, program=self.program))
        return self.get_paginated_response(DistributionSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        distribution = get_distribution_for_user(
            user=self.caller, program=self.program, pk=id_or_404(kwargs["pk"])
        )
        return Response(DistributionSerializer(distribution).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_coordinator()
        data = self.validated(DistributionCreateSerializer)
        questionnaire = get_questionnaire_for_user(
            user=self.caller, program=self.program, pk=data["questionnaire"]
        )
        cohort = None
        if data["cohort"] is not None:
            cohort = one_of(
                self.program.cohorts, "cohort", "Not a cohort of this program.", pk=data["cohort"]
            )
        distribution = services.distribution_create(
            questionnaire=questionnaire,
            cohort=cohort,
            role=data["role"],
            trigger=data["trigger"],
            anonymous=data["anonymous"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            actor=self.caller,
        )
        distribution = get_distribution_for_user(
            user=self.caller, program=self.program, pk=distribution.pk
        )
        return Response(DistributionSerializer(distribution).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=reads("The caller's own survey invitations (every member)", SurveyInvitationSerializer),
)
class InvitationViewSet(ProgramScopedViewSet):
    serializer_class = SurveyInvitationSerializer
    queryset = Invitation.objects.none()

    def get_queryset(self) -> QuerySet[Invitation]:  # only for the schema
        return Invitation.objects.none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        mine = invitations_for_user(user=self.caller, program=self.program)
        rows = mine["to_answer"] + mine["others"]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(SurveyInvitationSerializer(page, many=True).data)

    @writes(
        "Answer one's own invitation, once, while the survey is open",
        SurveyAnswerDoneSerializer,
        ID,
        request=SurveyAnswerWriteSerializer,
        code=201,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        invitation = get_invitation_by_id_for_user(
            user=self.caller, program=self.program, pk=id_or_404(kwargs["pk"])
        )
        data = self.validated(SurveyAnswerWriteSerializer)
        services.response_submit(invitation=invitation, answers=data["answers"], actor=self.caller)
        # Nothing about the stored response is returned: for anonymous surveys its id would be
        # a link between the caller and their answers.
        return Response({"answered": True}, status=status.HTTP_201_CREATED)
