"""Acompaña settings. Every deploy-specific value comes from the environment (see README)."""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.utils.translation import gettext_lazy as _

from acompana.config.env import env_bool, env_int, env_list, env_str, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("ACOMPANA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # widget templates for the form renderer below
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "acompana.common",
    "acompana.accounts",
    "acompana.frameworks",
    "acompana.programs",
    "acompana.people",
    "acompana.api",
    "acompana.demo",
    "acompana.matching",
    "acompana.visits",
    "acompana.selection",
    "acompana.training",
    "acompana.costs",
    "acompana.journal",
    "acompana.research",
    "acompana.agreements",
    "acompana.group_sessions",
    "acompana.circles",
    "acompana.growth",
    "acompana.health",
    "acompana.surveys",
    "acompana.hub",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "acompana.common.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "acompana.accounts.middleware.PreferredLanguageMiddleware",
    "acompana.programs.locale.ProgramLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "acompana.config.urls"
WSGI_APPLICATION = "acompana.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "acompana.programs.context_processors.memberships",
            ],
        },
    },
]

# Every form rendered with {{ form }} gets the design system's labels, hints, errors and error
# summary (templates/ui/form.html and ui/field.html).
FORM_RENDERER = "acompana.common.rendering.FormRenderer"

# --- Database: SQLite (WAL) unless DATABASE_URL says otherwise -------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'acompana.sqlite3'}")
# Each gunicorn thread keeps one connection open for CONN_MAX_AGE seconds (checked before reuse):
# servers x workers x threads must stay under PostgreSQL's max_connections (`acompana serve`
# checks it). PGBOUNCER=true: connections go through PgBouncer in transaction mode, which cannot
# keep server-side cursors across transactions.
_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://"))
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 60 if _POSTGRES else 0),
        conn_health_checks=True,
    )
}
if env_bool("PGBOUNCER", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a writer commits; IMMEDIATE avoids lock-upgrade deadlocks.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "acompana.common.hashers.OwaspArgon2PasswordHasher",  # Argon2id, m=19 MiB, t=2, p=1
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "hub:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "acompana.accounts.lockout.lockout_username"  # case-insensitive
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_CALLABLE = "acompana.accounts.lockout.lockout_response"

# Cookies and transport: secure unless explicitly serving plain HTTP (development, tests).
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)

# --- Invitations ----------------------------------------------------------------------------
# An invitation link (to set a first password) is single use and expires after this many days.
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)
# Password reset requests: at most this many per email address an hour, and per client address
# (the address the sign-in lockout sees: REMOTE_ADDR unless AXES_CLIENT_IP_CALLABLE says
# otherwise, so behind a proxy every client shares the proxy's count); counted in the database,
# so every app server counts the same. More get the same answer and no email.
ACCESS_EMAILS_PER_HOUR = env_int("ACCESS_EMAILS_PER_HOUR", 5)
ACCESS_EMAILS_PER_CLIENT_PER_HOUR = env_int("ACCESS_EMAILS_PER_CLIENT_PER_HOUR", 50)

# --- Internationalization -------------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "es")
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Lima")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every start otherwise
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads go through Django's storage API: MEDIA_ROOT on this machine (or a shared volume), or
# with FILES_STORAGE=s3 a private bucket of any S3-compatible object store, shared by every app
# server. Objects are written private and never linked to: downloads are streamed through the
# permission-checking views (see "Private files" below).
_S3_FILES = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": env_str("S3_BUCKET", ""),
        "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,  # None: AWS itself
        "region_name": env_str("S3_REGION", "") or None,
        "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,  # None: the instance's role
        "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
        "location": env_str("S3_PREFIX", ""),
        "default_acl": "private",
        "querystring_auth": True,  # a URL of an object, if one is ever made, expires
        "querystring_expire": 60,
        "file_overwrite": False,
    },
}
STORAGES = {
    "default": _S3_FILES
    if env_str("FILES_STORAGE", "local") == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("STATIC_MANIFEST", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Private files ---------------------------------------------------------------------------
# Uploads (evidence, receipts) are never served under MEDIA_URL: only permission-checking views
# hand them out. With a proxy in front, let it send the file after the check: "nginx"
# (X-Accel-Redirect to PRIVATE_FILES_INTERNAL_PREFIX, an `internal` location aliased to
# MEDIA_ROOT) or "apache" (X-Sendfile with mod_xsendfile). Empty: Django streams the file.
PRIVATE_FILES_SERVER = env_str("PRIVATE_FILES_SERVER", "")
PRIVATE_FILES_INTERNAL_PREFIX = env_str("PRIVATE_FILES_INTERNAL_PREFIX", "/private-media/")

# --- Import limits --------------------------------------------------------------------------
# Spreadsheet imports of schools, mentors and mentees (page and `acompana import`). A file over
# a limit is refused with a message before anything is written; see README.
IMPORT_MAX_FILE_BYTES = env_int("IMPORT_MAX_FILE_BYTES", 64 * 1024 * 1024)  # the file itself
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)  # data rows (blank lines not counted)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 100)  # columns of the header row
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 10_000)  # longer cells: row errors
IMPORT_MAX_UNZIPPED_BYTES = env_int("IMPORT_MAX_UNZIPPED_BYTES", 256 * 1024 * 1024)  # XLSX
IMPORT_MAX_COMPRESSION_RATIO = env_int("IMPORT_MAX_COMPRESSION_RATIO", 100)  # XLSX parts


# --- Email ----------------------------------------------------------------------------------
def _email_settings(url: str) -> dict[str, object]:
    """EMAIL_URL: smtp://user:pass@host:587?tls=1, smtps://..., console://, locmem://, file:///dir."""
    parts = urlparse(url)
    scheme = parts.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parts.path,
        }
    if scheme in {"smtp", "smtps"}:
        query = parse_qs(parts.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
        }
    raise ValueError(f"EMAIL_URL scheme {scheme!r} is not supported")


globals().update(_email_settings(env_str("EMAIL_URL", "console://")))
SITE_URL = env_str("SITE_URL", "").rstrip("/")  # e.g. https://acompana.example.org (for emails)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Acompaña <no-reply@acompana.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Research import limits -----------------------------------------------------------------
# REFI-QDA (.qdpx, .qdc) and DOCX imports. Sizes are of the real uncompressed bytes, counted
# while inflating: the sizes an archive declares are never trusted.
QDA_MAX_UPLOAD_BYTES = env_int("QDA_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)  # the file uploaded
QDA_MAX_SOURCE_BYTES = env_int("QDA_MAX_SOURCE_BYTES", 20 * 1024 * 1024)  # one text source
QDA_MAX_TOTAL_BYTES = env_int("QDA_MAX_TOTAL_BYTES", 200 * 1024 * 1024)  # all files together
QDA_MAX_PROJECT_BYTES = env_int("QDA_MAX_PROJECT_BYTES", 50 * 1024 * 1024)  # project.qde, .qdc
# Imports write in short transactions (so other saves wait little): at most this much text
# and this many rows per transaction.
QDA_IMPORT_BATCH_BYTES = env_int("QDA_IMPORT_BATCH_BYTES", 4 * 1024 * 1024)
QDA_IMPORT_BATCH_ROWS = env_int("QDA_IMPORT_BATCH_ROWS", 2000)
DOCX_MAX_XML_BYTES = env_int("DOCX_MAX_XML_BYTES", 20 * 1024 * 1024)  # word/document.xml
DOCX_MAX_TEXT_BYTES = env_int("DOCX_MAX_TEXT_BYTES", 5 * 1024 * 1024)  # text of a transcript

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "acompana.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "acompana.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "acompana.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Acompaña API",
    "DESCRIPTION": (
        "The REST API of Acompaña: programs and cohorts, people and access, selection and "
        "training, matching, agreements, field work, group sessions, surveys, time and cost, "
        "reports and research, with the role rules of the pages."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets shared by several fields (or several apps) get one named enum each, instead
    # of names derived from the field ("ModalityPreferenceEnum"...).
    "ENUM_NAME_OVERRIDES": {
        "Modality": "acompana.programs.models.Modality",
        "Role": "acompana.accounts.models.Role",
        # A school's area (urban, rural) and a design-review point's area of the design.
        "SchoolArea": "acompana.programs.models.School.Area",
        "ReviewArea": "acompana.programs.models.ReviewPoint.Area",
        "ReviewPointKind": "acompana.programs.models.ReviewPoint.Kind",
        "FrameworkAudience": "acompana.frameworks.models.Framework.Audience",
        "JournalShareAudience": [("mentor", "mentor"), ("circle", "circle")],
        # A training session is in person or virtual (the name it has always had).
        "ModalityEnum": "acompana.training.models.TrainingSession.Modality",
        "ModuleEnum": "acompana.training.models.TrainingSession.Module",
        "MeetingMode": "acompana.common.choices.MeetingMode",
        "VisitStatus": "acompana.visits.models.Visit.Status",
        "StatusChangeReason": "acompana.visits.models.StatusChange.Reason",
        "CommitmentStatus": "acompana.visits.models.Commitment.Status",
        "CommitmentOwner": "acompana.visits.models.Commitment.Owner",
        "AgreementStatus": "acompana.agreements.models.Agreement.Status",
        "AgreementParty": "acompana.agreements.models.Party",
        "PartnershipChangeKind": "acompana.agreements.models.PartnershipChange.Kind",
        "GroupSessionKind": "acompana.group_sessions.models.Kind",
        "CircleKind": "acompana.circles.models.Kind",
        "CircleStatus": "acompana.circles.models.Circle.Status",
        "CircleMeetingStatus": "acompana.circles.models.Meeting.Status",
        "GroupSessionStatus": "acompana.group_sessions.models.GroupSession.Status",
        "Weekday": "acompana.group_sessions.models.Weekday",
        "TimeCategory": "acompana.costs.models.TimeCategory",
        "ExpenseCategory": "acompana.costs.models.ExpenseCategory",
        "BudgetCategory": "acompana.costs.models.BudgetCategory",
        "RateBasis": "acompana.costs.models.RateBasis",
        "ExpenseStatus": "acompana.costs.models.Expense.Status",
        "ApplicationStatus": "acompana.selection.models.Application.Status",
        "MatchRunKind": "acompana.matching.models.MatchRun.Kind",
        "MatchRunObjective": "acompana.matching.models.MatchRun.Objective",
        "MatchRunStatus": "acompana.matching.models.MatchRun.Status",
        "ImportKind": "acompana.people.import_apis.IMPORT_KINDS",
        "RubricCriterionKind": "acompana.selection.rubric_apis.KINDS",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
