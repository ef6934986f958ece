"""Settings shared by every environment. Everything that differs between machines comes from the
environment (see .env.example); dev/test/production only change defaults and hardening."""

import os
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from .env without overriding the real environment."""
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


_load_dotenv(BASE_DIR / ".env")

SECRET_KEY = env("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first so that their templates and translations win.
    "core",
    "people.apps.PeopleConfig",
    "trust",
    "quizzes",
    "courses",
    "training",
    "qanda",
    "certificates",
    "dashboards",
    "home",
    "demo",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "people.apps.PeopleUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    # One login: allauth (local accounts, MFA, OIDC single sign-on, session list), axes (lockout).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "axes",
    "csp",
    # Background tasks: the Django Tasks API backport with the database backend.
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "trust.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Read-your-writes with a read replica: remembers the primary's WAL position after a write.
    "core.replicas.ReplicaConsistencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Hostile input (control characters, bad UTF-8, over-long values) is a translated 400 here,
    # before any view or the database sees it; see core/middleware.py.
    "core.middleware.HostileInputMiddleware",
    "trust.middleware.RequestContextMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "trust.middleware.SessionTimeoutMiddleware",
    "trust.middleware.MfaEnrolmentMiddleware",
    "trust.middleware.PasswordExpiryMiddleware",
    "trust.middleware.AccessDeniedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.navigation",
                "home.context_processors.display",
            ],
        },
    },
]

# Database: SQLite is the embedded default; DATABASE_URL switches to PostgreSQL.
DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
# PostgreSQL: the maintenance role that may prune the audit log (docs/operations.md, "Database
# roles"); without it the prune runs on the default connection.
if env("AUDIT_MAINTENANCE_DATABASE_URL", ""):
    DATABASES["audit_maintenance"] = dj_database_url.parse(env("AUDIT_MAINTENANCE_DATABASE_URL"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share one file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # PostgreSQL: no JIT. The dashboards' team aggregates (a subplan per competence area) are
    # estimated above jit_above_cost, and compiling them took ~0.9 s of a 1 s query for a team of
    # ten (bench_dashboards, EXPLAIN ANALYZE: "JIT ... Total 923 ms"); short web queries never
    # win it back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# A streaming read replica (PostgreSQL only) for dashboard and report reads, chosen explicitly
# with core.replicas.replica_reads; core.db_router sends everything else to the primary, and the
# reads of a person who has just written to the primary until the replica has replayed that write
# (at most REPLICA_PIN_SECONDS). Tests mirror it onto the default database. docs/operations.md.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"  # as the primary
    if {DATABASES["default"]["ENGINE"], DATABASES["replica"]["ENGINE"]} != {
        "django.db.backends.postgresql"
    }:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs PostgreSQL for both DATABASE_URL and the replica."
        )
DATABASE_ROUTERS = ["core.db_router.PrimaryReplicaRouter"]
REPLICA_PIN_SECONDS = int(env("REPLICA_PIN_SECONDS", "60"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
# AUTH_PASSWORD_VALIDATORS: set by PASSWORD_POLICY in the Trust section below.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "training:my_learning"
LOGOUT_REDIRECT_URL = "home"

# Internationalisation: Chinese first, English complete.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# Wagtail's dashboard would ask releases.wagtail.org for a newer version from every superuser's
# browser: the CSP (connect-src 'self') blocks it with console errors, and the platform does not
# call foreign services from the admin. Upgrades are the operators' business (docs/operations.md).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin account page's time-zone menu. Wagtail offers every name of the system's tz database,
# which includes "localtime" and "Factory": browsers reject those, so the menu's script failed
# with a console error. Offer only the geographic zones (Area/City) and UTC.
WAGTAIL_USER_TIME_ZONES = sorted(
    name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC"
)

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private files (certificates, transcripts, attachments, imports, exports): a storage no URL maps
# to, outside MEDIA_ROOT, handed out only by views that check permission (core.private_files).
# PRIVATE_FILES_SERVE: "" (Django streams the file), "nginx" (X-Accel-Redirect to the internal
# location PRIVATE_FILES_NGINX_LOCATION) or "sendfile" (X-Sendfile). docs/operations.md.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
PRIVATE_FILES_SERVE = env("PRIVATE_FILES_SERVE", "")
PRIVATE_FILES_NGINX_LOCATION = env("PRIVATE_FILES_NGINX_LOCATION", "/private-files/")
PRIVATE_STORAGE = {
    "BACKEND": "core.storage.PrivateFileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
# Object storage: STORAGE_BACKEND=s3 keeps public media (Wagtail images and documents) and the
# private files in two S3-compatible buckets (AWS, MinIO, Aliyun OSS, Tencent COS, Huawei OBS),
# so no web node or worker keeps a file on its own disk. docs/operations.md, "Object storage".
STORAGE_BACKEND = env("STORAGE_BACKEND", "local").strip().lower() or "local"
if STORAGE_BACKEND not in ("local", "s3"):
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'local' or 's3'.")
if STORAGE_BACKEND == "s3":
    _S3 = {
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", "") or None,
        "access_key": env("AWS_ACCESS_KEY_ID", "") or None,
        "secret_key": env("AWS_SECRET_ACCESS_KEY", "") or None,
        "region_name": env("AWS_S3_REGION_NAME", "") or None,
        # Path-style addressing works with every S3-compatible server (MinIO, moto) without
        # wildcard DNS; AWS_S3_ADDRESSING_STYLE=virtual for stores that require host-style.
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "core.storage.PublicS3Storage",
        "OPTIONS": {
            **_S3,
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME", "govlearn-media"),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", "") or None,  # a CDN in front
        },
    }
    STORAGES["private"] = PRIVATE_STORAGE = {
        "BACKEND": "core.storage.PrivateS3Storage",
        "OPTIONS": {**_S3, "bucket_name": env("AWS_PRIVATE_BUCKET_NAME", "govlearn-private")},
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Cache and sessions: local memory by default, Redis when REDIS_URL is set (scale-out).
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A signed-in learner's home-page data cached per person (home.personal), retired by their own
# writes. Only where every process shares the cache (Redis): several workers on local memory would
# each keep a copy the others' writes cannot retire. Development and tests run in one process.
HOME_PERSONAL_CACHE = env_bool("HOME_PERSONAL_CACHE", bool(REDIS_URL))

# Background tasks (Django Tasks API). The same database backend on SQLite and PostgreSQL; the
# worker is `python manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Daily jobs, queued by `manage.py run_scheduler` (make run starts it beside the worker) once a day
# at a local time (TIME_ZONE). Each is a sweep: a late or missed day is caught up by the next run.
DAILY_JOBS = {
    "expire_overdue_attempts": ("quizzes.tasks.expire_overdue_attempts", "00:05"),
    "decide_contests": ("quizzes.tasks.decide_due_contests", "00:10"),
    "prepare_contest_papers": ("quizzes.tasks.prepare_due_contest_papers", "00:15"),
    "item_analysis": ("quizzes.tasks.recompute_changed_item_analyses", "01:30"),
    "expire_certificates": ("certificates.tasks.expire_certificates", "00:20"),
    "audit_verify": ("trust.tasks.verify_audit_chain", "02:50"),
    "audit_prune": ("trust.tasks.prune_audit_log", "03:00"),
    "escalate_questions": ("qanda.tasks.escalate_questions_daily", "08:00"),
    "send_training_reminders": ("training.tasks.send_training_reminders", "08:30"),
    "calibrate_items": ("quizzes.tasks.calibrate_items_daily", "03:30"),
}
# Item analysis flags (quizzes.analysis.flags.Thresholds): override any of min_responses (30),
# too_easy (0.9), too_hard (0.2), weak_discrimination (0.2), dead_distractor_min_responses (50).
ITEM_ANALYSIS_THRESHOLDS: dict = {}
# Item calibration (quizzes.irt.calibrate): the answers a question version needs before it is
# calibrated, the models fitted, the one ability estimates use, and the answers to calibrated
# versions a learner needs in a competence before their level comes from ability (below it, from
# test percentages, and the profile says so).
IRT_MIN_RESPONSES = int(env("IRT_MIN_RESPONSES", "50"))
IRT_MODELS = ("rasch", "2pl")
IRT_ABILITY_MODEL = env("IRT_ABILITY_MODEL", "2pl")
IRT_MIN_CALIBRATED_ANSWERS = int(env("IRT_MIN_CALIBRATED_ANSWERS", "5"))
# A ready task older than this means no worker is picking tasks up; /healthz reports it.
TASK_QUEUE_STALE_SECONDS = int(env("TASK_QUEUE_STALE_SECONDS", "300"))

# Ask the expert (qanda): a question is due this many working days after it was asked (Chinese
# calendar, see qanda/workdays.py); the admin home says this many days ahead that a year's make-up
# workdays are unpublished (its due dates provisional); attachments are at most this size.
QANDA_DUE_WORKING_DAYS = int(env("QANDA_DUE_WORKING_DAYS", "5"))
QANDA_CALENDAR_HORIZON_DAYS = int(env("QANDA_CALENDAR_HORIZON_DAYS", "30"))
QANDA_ATTACHMENT_MAX_BYTES = int(env("QANDA_ATTACHMENT_MAX_MB", "10")) * 1024 * 1024

# Tests: a file a learner attaches to an essay or case-analysis answer is at most this size (kept
# in private storage, downloadable by its owner and, through the marking pages, by its markers).
QUIZ_ESSAY_FILE_MAX_BYTES = int(env("QUIZ_ESSAY_FILE_MAX_MB", "10")) * 1024 * 1024

# Training plans: after any reminder, a manager's "Remind" waits this many hours (one click, one
# e-mail; a second click within it is refused).
TRAINING_REMINDER_COOLDOWN_HOURS = int(env("TRAINING_REMINDER_COOLDOWN_HOURS", "24"))

# Wagtail
WAGTAIL_SITE_NAME = "GovLearn 政务学堂"
# The address `make run` serves (it exports PORT to these settings), so that links and the
# certificates' printed URL and QR code never name a port that does not answer. A configured
# WAGTAILADMIN_BASE_URL / PUBLIC_BASE_URL always wins.
PORT = env("PORT", "") or "8000"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "") or f"http://127.0.0.1:{PORT}"
# Certificates: the public address printed on PDFs and QR codes (defaults to WAGTAILADMIN_BASE_URL),
# and the Ed25519 key credentials are signed with (a PEM file path or the PEM itself; without it a
# development key is generated into var/keys/).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "")
PLATFORM_SIGNING_KEY = env("PLATFORM_SIGNING_KEY", "")
# The HMAC key that signs backup manifests and audit-log prune checkpoints; never stored in a
# backup. Without it a development key is generated into var/keys/ (production refuses).
BACKUP_KEY = env("BACKUP_KEY", "")
BACKUP_KEY_REQUIRED = False
WAGTAILADMIN_LOGIN_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = "login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "zip"]
WAGTAIL_PASSWORD_RESET_ENABLED = False

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "GovLearn <noreply@govlearn.localhost>")

# Demo accounts share this password; `make run` prints it. Never used outside seed_demo.
DEMO_PASSWORD = env("DEMO_PASSWORD", "GovLearn-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}, "wagtail": {"level": "WARNING"}},
}

PAGE_TITLE_SUFFIX = _("GovLearn")


# --- Trust (issue 9): one login, MFA, lockout, sessions, password policy, audit, CSP, uploads ---
# Documented for operators in README.md ("Security settings") and docs/operations.md.
from datetime import timedelta  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402

AUTHENTICATION_BACKENDS = [
    "trust.backends.LockoutBackend",  # django-axes: refuses a locked account name first
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "trust.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "trust.adapters.SocialAccountAdapter"
# Demo accounts and HR imports use user names; e-mail works too unless LOGIN_BY_EMAIL=false.
ACCOUNT_LOGIN_METHODS = {"username", "email"} if env_bool("LOGIN_BY_EMAIL", True) else {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # Accounts come from HR; nobody signs up (the adapter says so).
ACCOUNT_SESSION_REMEMBER = False  # No "remember me": the absolute timeout below always applies.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # After a reset, log in again: through MFA.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # Keep this session; every other one is ended.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login": env("LOGIN_RATE_LIMIT", "60/m/ip"),
    # Per account name the lockout (axes) is the real limit; this only slows a spraying address.
    "login_failed": env("LOGIN_FAILED_RATE_LIMIT", "30/m/ip,30/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "GovLearn"
# Roles that must use two-factor authentication (people.models.Role values); superusers count as
# platform admins.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", "expert,manager,organizer,platform_admin")
USERSESSIONS_TRACK_ACTIVITY = False  # Sessions are recorded at login; no write on every request.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False  # One place to change a password: the account pages.
# No Gravatar: it would send a hash of every admin's e-mail address abroad (PIPL), and the CSP
# blocks it anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Single sign-on with the government identity provider (OpenID Connect). Nothing about SSO shows
# unless OIDC_SERVER_URL and OIDC_CLIENT_ID are set.
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", "政务统一身份认证")
OIDC_SERVER_URL = env("OIDC_SERVER_URL", "")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", "")
OIDC_EMPLOYEE_NUMBER_CLAIM = env("OIDC_EMPLOYEE_NUMBER_CLAIM", "employee_number")
OIDC_AUTO_CREATE = env_bool("OIDC_AUTO_CREATE", False)  # Off: an unknown person is refused.
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": "gov",
                    "name": OIDC_PROVIDER_NAME,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {
                        "server_url": OIDC_SERVER_URL,
                        "token_auth_method": env("OIDC_TOKEN_AUTH_METHOD", "client_secret_basic"),
                        "scope": env_list("OIDC_SCOPES", "openid,profile,email"),
                    },
                }
            ]
            if OIDC_SERVER_URL and OIDC_CLIENT_ID
            else []
        ),
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = True  # The adapter links or refuses; it never asks for a user name.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # Linking is by employee number or verified e-mail.
SOCIALACCOUNT_STORE_TOKENS = False

# Lockout by account name (never by address: a whole office shares one).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "trust.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "trust.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # Every attempt is in the audit log instead.
AXES_HTTP_RESPONSE_CODE = 429
# axes warns that a lockout without the address lets an attacker rotate clients; that is the point
# here (a shared office address must not lock everyone out). Addresses are rate limited instead
# (ACCOUNT_RATE_LIMITS "login_failed" per IP).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Behind a reverse proxy, the header carrying the client address (e.g. HTTP_X_FORWARDED_FOR).
TRUST_CLIENT_IP_HEADER = env("TRUST_CLIENT_IP_HEADER", "")

# Sessions: idle and absolute timeouts; the key rotates at login (Django) and logout deletes it.
SESSION_IDLE_TIMEOUT = int(env("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_ABSOLUTE_TIMEOUT = int(env("SESSION_ABSOLUTE_HOURS", "12")) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True

# Password policy profiles: asvs (default: length 12+, breached-password check, no composition
# rules, no forced expiry) or mlps (等保: length 8+, three of four character classes, change every
# PASSWORD_MAX_AGE_DAYS days).
PASSWORD_POLICY = (env("PASSWORD_POLICY", "asvs") or "asvs").strip().lower()
PASSWORD_MAX_AGE_DAYS = int(env("PASSWORD_MAX_AGE_DAYS", "90"))
_PASSWORD_RECORDER = {"NAME": "trust.password_validation.PasswordChangeRecorder"}
PASSWORD_POLICIES = {
    "asvs": [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        },
        {"NAME": "trust.password_validation.BreachedPasswordValidator"},
        _PASSWORD_RECORDER,
    ],
    "mlps": [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 8},
        },
        {
            "NAME": "trust.password_validation.CharacterClassesValidator",
            "OPTIONS": {"min_classes": 3},
        },
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
        _PASSWORD_RECORDER,
    ],
}
if PASSWORD_POLICY not in PASSWORD_POLICIES:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PASSWORD_POLICY must be 'asvs' or 'mlps'.")
AUTH_PASSWORD_VALIDATORS = PASSWORD_POLICIES[PASSWORD_POLICY]

# Audit log: kept AUDIT_RETENTION_DAYS (never fewer than 180), then pruned by trust.tasks.
AUDIT_RETENTION_DAYS = max(int(env("AUDIT_RETENTION_DAYS", "365")), 180)

# Demo only: seed_demo enrols the staff demo accounts in TOTP with this documented secret
# (`make run` prints it; `python manage.py demo_totp` prints the current code).
DEMO_TOTP_SECRET = env("DEMO_TOTP_SECRET", "GOVLEARNDEMOSTAFFTOTPSECRETKEYAB")

# Content Security Policy (django-csp). The site runs no inline script or style; the Wagtail admin
# gets inline styles and blob:/data: images, and may be framed by itself (preview), under /admin/.
_OIDC_ORIGIN = "/".join(OIDC_SERVER_URL.split("/")[:3]) if OIDC_SERVER_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *env_list("CSP_IMG_SRC")],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, *env_list("CSP_MEDIA_SRC")],
        "frame-src": [SELF, *env_list("CSP_FRAME_SRC")],
        "object-src": [NONE],
        "base-uri": [SELF],
        # The SSO button posts here and is redirected to the identity provider.
        "form-action": [SELF, *([_OIDC_ORIGIN] if _OIDC_ORIGIN else [])],
        "frame-ancestors": [NONE],
    }
}
TRUST_ADMIN_PREFIX = "/admin/"
# URL namespaces whose views answer an object outside the viewer's scope with 404: every such
# 404 for a logged-in person is audited as a denial. Apps with scope-checked object URLs add
# theirs (or raise trust.services.OutOfScope, which is audited anywhere).
TRUST_SCOPE_404_NAMESPACES = ["dashboards", "trust"]
# Wagtail's admin still writes inline styles, and inline scripts for its date pickers and inline
# panels (their content differs per field, so hashes cannot list them): allowed under /admin/ only,
# where every visitor is staff who passed MFA.
TRUST_CSP_ADMIN_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "media-src": ["blob:"],
}
TRUST_CSP_ADMIN_REPLACE = {"frame-ancestors": [SELF]}

# Uploads: size limits, types by content, nothing active served inline.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # No SVG: it can carry script.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(env("IMAGE_MAX_UPLOAD_MB", "10")) * 1024 * 1024
DOCUMENT_MAX_UPLOAD_SIZE = int(env("DOCUMENT_MAX_UPLOAD_MB", "50")) * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.SafeDocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # Through Django, so the headers below always apply.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]  # Everything else downloads.
# Imported sheets (people, questions, sign-in sheets; core/sheet_reader.py): an XLSX whose parts
# would unpack to more than this, or any part unpacking to more than IMPORT_MAX_ZIP_RATIO times its
# packed size, is refused before it is opened; reading stops past the row, column or cell limits.
IMPORT_MAX_UNCOMPRESSED_MB = int(env("IMPORT_MAX_UNCOMPRESSED_MB", "50"))
IMPORT_MAX_ZIP_RATIO = int(env("IMPORT_MAX_ZIP_RATIO", "100"))
IMPORT_MAX_ROWS = int(env("IMPORT_MAX_ROWS", "50000"))
IMPORT_MAX_COLUMNS = int(env("IMPORT_MAX_COLUMNS", "200"))
IMPORT_MAX_CELL_CHARS = int(env("IMPORT_MAX_CELL_CHARS", "32767"))
