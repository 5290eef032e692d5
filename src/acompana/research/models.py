"""Studies of a program: participants known by code name, documents, a code tree, coding.

Text positions are Unicode code points (Python ``str`` indices), end-exclusive, as in the
REFI-QDA standard: ``document.text[segment.start:segment.end]`` is the coded passage.

Every row that is exchanged with QDA tools carries a ``guid`` (upper-case UUID without
braces). It is set once, when the row is created or imported, so exporting the same study
twice gives the same GUIDs and an imported project keeps the GUIDs its tool gave it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from acompana.common.models import TimeStamped, link_or_null, user_link


def new_guid() -> str:
    return str(uuid.uuid4()).upper()


class Study(TimeStamped):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="studies"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    questions = models.TextField(_("research questions"), blank=True)
    method = models.TextField(_("method"), blank=True)
    ethics_reference = models.CharField(_("ethics approval reference"), max_length=200, blank=True)
    consent_text = models.TextField(_("consent text"), blank=True)
    fieldwork_documents_allowed = models.BooleanField(
        _("field notebooks and dialogues may be added (pseudonymized)"),
        default=False,
        help_text=_("Set by a coordinator of the program."),
    )
    guid = models.CharField(max_length=36, default=new_guid, editable=False)

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["program", "slug"], name="research_study_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title


class StudyMember(TimeStamped):
    """A researcher of a study, or a coder of an imported project (no ``user``). Coders
    appear in exports by ``code_name`` only."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="members")
    # Empty for a coder who came with an imported project and has no account here: their
    # segments keep who coded them (for agreement), and they cannot sign in to the study.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="study_memberships",
    )
    code_name = models.CharField(_("coder code name"), max_length=40)
    is_lead = models.BooleanField(_("lead researcher"), default=False)
    identity_access = models.BooleanField(
        _("identity access"),
        default=False,
        help_text=_("May see who the participants are. Granted by a coordinator."),
    )
    guid = models.CharField(max_length=36, default=new_guid, editable=False)

    class Meta:
        verbose_name = _("study member")
        verbose_name_plural = _("study members")
        ordering = ["code_name"]
        constraints = [
            models.UniqueConstraint(fields=["study", "user"], name="research_member_unique"),
            models.UniqueConstraint(
                fields=["study", "code_name"], name="research_member_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.code_name


class Variable(models.Model):
    """A participant attribute (role, cohort, years teaching...), a REFI-QDA Variable."""

    class Type(models.TextChoices):
        TEXT = "Text", _("Text")
        BOOLEAN = "Boolean", _("Yes/no")
        INTEGER = "Integer", _("Whole number")
        FLOAT = "Float", _("Number")
        DATE = "Date", _("Date")
        DATETIME = "DateTime", _("Date and time")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="variables")
    name = models.CharField(_("name"), max_length=120)
    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.TEXT)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(default=0)
    guid = models.CharField(max_length=36, default=new_guid, editable=False)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["study", "name"], name="research_variable_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Participant(TimeStamped):
    """Someone enrolled in a study, known to researchers by ``code_name`` only.

    Who they are is kept apart, in ``ParticipantIdentity``, and shown only to members with
    identity access. ``attributes`` maps a variable name to its value, stored as JSON
    (text, number, boolean, or an ISO date string).
    """

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="participants")
    code_name = models.CharField(_("code name"), max_length=40)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_version = models.CharField(_("consent version"), max_length=40, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    guid = models.CharField(max_length=36, default=new_guid, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["code_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "code_name"], name="research_participant_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.code_name


class ParticipantIdentity(models.Model):
    """The link from a code name to a real person: visible only with identity access."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="identity"
    )
    user = user_link()
    mentor = link_or_null("people.MentorProfile")
    mentee = link_or_null("people.MenteeProfile")
    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("participant identity")
        verbose_name_plural = _("participant identities")

    def __str__(self) -> str:
        return self.full_name or str(self.participant)


class InterviewGuide(TimeStamped):
    """A semi-structured guide: ``sections`` is ``[{"title": str, "questions": [str]}]``."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="guides")
    title = models.CharField(_("title"), max_length=200)
    sections = models.JSONField(_("sections"), default=list, blank=True)

    class Meta:
        verbose_name = _("interview guide")
        verbose_name_plural = _("interview guides")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Interview(TimeStamped):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video call")
        PHONE = "phone", _("Phone")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="interviews")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="interviews"
    )
    guide = link_or_null(InterviewGuide, related_name="interviews")
    held_on = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.VIDEO)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    interviewer = link_or_null(StudyMember, related_name="interviews")

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.participant} {self.held_on}"


class Document(TimeStamped):
    """A text to code: a transcript, a pseudonymized notebook entry or dialogue, a memo."""

    class Kind(models.TextChoices):
        TRANSCRIPT = "transcript", _("Interview transcript")
        NOTEBOOK = "notebook", _("Field notebook entry")
        DIALOGUE = "dialogue", _("Reflective dialogue")
        OTHER = "other", _("Other text")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    participant = link_or_null(Participant, _("participant"), related_name="documents")
    interview = models.OneToOneField(
        Interview, null=True, blank=True, on_delete=models.SET_NULL, related_name="transcript"
    )
    text = models.TextField(_("text"))
    description = models.TextField(_("description"), blank=True)
    source_visit = link_or_null("visits.Visit")
    created_by = link_or_null(StudyMember)
    guid = models.CharField(max_length=36, default=new_guid, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Code(TimeStamped):
    """A node of the code tree: a category (not codable) or a code, a priori or emergent."""

    class Origin(models.TextChoices):
        A_PRIORI = "a_priori", _("A priori")
        EMERGENT = "emergent", _("Emergent")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    is_codable = models.BooleanField(
        _("codable"), default=True, help_text=_("Categories group codes and are not applied.")
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.A_PRIORI
    )
    definition = models.TextField(_("definition"), blank=True)
    color = models.CharField(_("colour"), max_length=7, default="#4A6FA5")
    order = models.PositiveIntegerField(default=0)
    guid = models.CharField(max_length=36, default=new_guid, editable=False)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Segment(TimeStamped):
    """A passage of a document coded by one coder with one or more codes."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="segments")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    coder = link_or_null(StudyMember, related_name="segments")
    codes = models.ManyToManyField(Code, related_name="segments")
    # Indexed: a segment is found by GUID when a project is imported or merged.
    guid = models.CharField(max_length=36, default=new_guid, editable=False, db_index=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["document", "start", "end"]
        indexes = [models.Index(fields=["document", "start"])]

    def __str__(self) -> str:
        return f"{self.document}: {self.start}-{self.end}"

    @property
    def passage(self) -> str:
        return self.document.text[self.start : self.end]


class Memo(TimeStamped):
    """An analytic memo about the study, a code, a document, a segment or a participant."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memos")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    author = link_or_null(StudyMember, related_name="memos")
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    guid = models.CharField(max_length=36, default=new_guid, editable=False)

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memos")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


def _import_path(job: "StudyImport", filename: str) -> str:
    # A random name: the file is private (MEDIA is not served) and removed once imported.
    return f"research/imports/{uuid.uuid4().hex}.upload"


class StudyImport(TimeStamped):
    """A REFI-QDA file uploaded to be imported into a study by a background task: its
    progress and what the import said. The uploaded file is deleted when the import ends."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="imports")
    created_by = user_link()
    upload = models.FileField(upload_to=_import_path, blank=True)
    filename = models.CharField(_("file"), max_length=200)
    my_coder = models.CharField(_("your coder name in the file"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    warnings = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["study", "-created_at"])]

    def __str__(self) -> str:
        return self.filename

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
