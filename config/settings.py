"""
Settings for HWB Portal, driven by the environment (every variable is listed in .env.example).

With nothing set, the portal runs on SQLite with Celery tasks executed eagerly, which is what
`make run` gives a newcomer. DATABASE_URL and REDIS_URL switch to PostgreSQL, Redis and a real worker.
"""

import os
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.logs import logging_settings
from config.storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


RUNNING_TESTS = "pytest" in sys.modules
DEBUG = env_bool("DEBUG", False)

# A test run's own names for its database, cache keys and Celery queue, so that two runs on one
# machine (two checkouts, or CI beside a developer) never share state. Set in the environment so
# that the processes a test starts (a real Celery worker) use the same names as the run.
# Each pytest-xdist worker is a run of its own (the workers inherit the controller's id: the worker's
# name is added, once).
if RUNNING_TESTS and not os.environ.get("HWB_TEST_RUN_ID"):
    os.environ["HWB_TEST_RUN_ID"] = f"{os.getpid()}{uuid.uuid4().hex[:6]}"
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if RUNNING_TESTS and _worker and not os.environ["HWB_TEST_RUN_ID"].endswith(_worker):
    os.environ["HWB_TEST_RUN_ID"] += _worker
TEST_RUN_ID = os.environ.get("HWB_TEST_RUN_ID", "")


def weak_secret_key(key: str) -> str | None:
    """Why `key` must not sign a production site's sessions, or None. Django's own check only warns."""
    if len(key) < 50:
        return "it is shorter than 50 characters"
    lowered = key.lower()
    for placeholder in ("change-me", "changeme", "insecure", "placeholder", "example", "secret-key"):
        if placeholder in lowered:
            return f"it contains '{placeholder}', so it is a placeholder, not a secret"
    if len(set(key)) < 10:
        return "it uses fewer than 10 different characters"
    for size in range(1, len(key) // 2 + 1):
        if (key[:size] * (len(key) // size + 1))[: len(key)] == key:
            return f"it repeats '{key[:size]}'"
    return None


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not (DEBUG or RUNNING_TESTS):
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example), or set DEBUG=true "
            "for a local development run."
        )
    if reason := weak_secret_key(SECRET_KEY):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak to sign sessions: {reason}. Set it to 50 or more random "
            'characters, for example from: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
elif not SECRET_KEY:
    SECRET_KEY = "insecure-development-key-never-use-in-production"
# Earlier keys, comma-separated, newest first, while a new SECRET_KEY is rolled out: sessions, password
# reset links and signed values made with them stay valid until they expire (README.md, "Rotating the
# secret key"). Empty once the old sessions have run out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or RUNNING_TESTS else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Where residents reach the portal, scheme and host: for the web addresses printed in PDFs and the
# links in emails, made without a request to take the host from. SITE_URL is its former name, still
# read. Default: in development and tests http://localhost:8000 (`make run` sets http://RUN_ADDR), else
# https:// and the first of ALLOWED_HOSTS (core.checks warns unless it is https://).
PUBLIC_URL = (os.environ.get("PUBLIC_URL") or os.environ.get("SITE_URL") or "").rstrip("/") or (
    "http://localhost:8000"
    if DEBUG or RUNNING_TESTS or not ALLOWED_HOSTS
    else f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # Site search (core.search): the search vector, query, rank and headline.
    "django.forms",
    "django_htmx",
    "axes",
    "core",
    "boards",
    "strategies",
    "consultations",
    "delivery",
    "news",
    "opendata",
]

MIDDLEWARE = [
    # First: every other middleware's log lines carry the request id, and the access line times them.
    "core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Inside HtmxMiddleware (they read request.htmx) and MessageMiddleware (it stores what they leave).
    "core.middleware.HtmxSignInMiddleware",
    "core.middleware.HtmxNotificationsMiddleware",
    # Last, as django-axes asks: it turns a sign-in refused for too many failures into the 429 page.
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
                "django.template.context_processors.csp",
                "core.navigation.navigation",
            ],
        },
    },
]
FORM_RENDERER = "core.forms.GovukFormRenderer"

# Database: SQLite by default so `make run` needs nothing; DATABASE_URL for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if TEST_RUN_ID and DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{TEST_RUN_ID}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: the cache and the Celery broker. Without it, tasks run eagerly in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that a Redis that does not answer is logged and worked
            # around (pages come from the database), not raised to the visitor (core/cache.py).
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"hwb-test-{TEST_RUN_ID}"
            if TEST_RUN_ID
            else os.environ.get("CACHE_KEY_PREFIX", "hwb"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Each process's short-lived copy of pages shared by all anonymous visitors (core.pagecache).
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "TIMEOUT": int(os.environ.get("PUBLIC_PAGE_LOCAL_SECONDS", "5")),
    "OPTIONS": {"MAX_ENTRIES": 500},
}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = (
    f"hwb-test-{TEST_RUN_ID}" if TEST_RUN_ID else os.environ.get("CELERY_QUEUE", "hwb")
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The longest a document render may run (seconds): no document kind may set a longer time limit
# (core.documents.register refuses it). Redis hands an unacknowledged message to another worker
# after the visibility timeout, so it must be longer than any render, and short enough that a job
# whose worker's main process died is run again soon (the default is an hour).
DOCUMENT_TIME_LIMIT_MAX = int(os.environ.get("DOCUMENT_TIME_LIMIT_MAX", "900"))
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": DOCUMENT_TIME_LIMIT_MAX + 60}
if TEST_RUN_ID:
    # Every broker key of a test run (queues, the unacknowledged messages) apart from other runs'.
    CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = f"hwb-test-{TEST_RUN_ID}:"

# The clock's jobs (`celery beat`: the beat service in docker-compose, `make worker` in development).
CELERY_BEAT_SCHEDULE = {
    "consultations-on-schedule": {"task": "consultations.tasks.consultations_on_schedule", "schedule": 60.0},
    # Personal data is kept for whole months: once a day is soon enough to delete it when its time ends.
    "personal-data-purge-due": {
        "task": "consultations.tasks.personal_data_purge_due",
        "schedule": 24 * 3600.0,
    },
    # Owners of actions and indicators whose update is due: one reminder per item and due date.
    "delivery-reminders-due": {"task": "delivery.tasks.reminders_due", "schedule": 24 * 3600.0},
    # A scheduled update becomes public by its time alone; this emails it to its subscribers soon after.
    "news-announce-due": {"task": "news.tasks.news_announce_due", "schedule": 60.0},
    # Emails whose task the broker did not take (it was down): queued again once it answers (core.outbox).
    "requeue-unqueued": {"task": "core.tasks.requeue_unqueued", "schedule": 60.0},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "strategies:manage_list"
LOGOUT_REDIRECT_URL = "home"

# Sign-in throttling (django-axes, core/signin.py): failed sign-ins only, counted in the database
# (so it works with Redis down) per user name and per address, each against its own limit, on
# every login form (axes' backend goes first, so /admin/login/ is covered too). A locked-out name
# or address may try again SIGN_IN_COOLOFF_MINUTES after its last counted failure; attempts while
# locked out are refused but not counted, so an office is not kept locked by people still trying.
# Unlock early: `manage.py axes_reset_username NAME` (README.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SIGN_IN_FAILURE_LIMITS = {
    "username": int(os.environ.get("SIGN_IN_FAILURES_PER_USER", "5")),
    # A council office signs in from one address: many people, each mistyping now and then.
    "ip_address": int(os.environ.get("SIGN_IN_FAILURES_PER_ADDRESS", "50")),
}
AXES_HANDLER = "core.signin.SignInThrottle"
AXES_LOCKOUT_PARAMETERS = list(SIGN_IN_FAILURE_LIMITS)
AXES_FAILURE_LIMIT = SIGN_IN_FAILURE_LIMITS["username"]  # The scale SignInThrottle reports on.
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGN_IN_COOLOFF_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "core.signin.client_address"
AXES_LOCKOUT_CALLABLE = "core.views.signin_locked_out"
AXES_VERBOSE = False
# No history of successful sign-ins (axes' AccessLog): a table of every officer's addresses kept
# forever needs a retention policy first. Failure rows are deleted by the first sign-in after
# their cool-off.
AXES_DISABLE_ACCESS_LOG = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# Where `manage.py backup` (make backup) makes its dated folders: a volume in docker-compose.yml.
BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT") or BASE_DIR / "backups")
# The largest PDF an officer may upload as a board paper (an agenda item's report or appendix), in
# bytes: a bigger upload is refused from its Content-Length, before it is read (boards/views/agenda.py).
BOARD_PAPER_MAX_BYTES = int(os.environ.get("BOARD_PAPER_MAX_BYTES", str(50 * 1024 * 1024)))
# The largest Fingertips export an officer may upload into a strategy's indicators (delivery), in bytes.
INDICATOR_IMPORT_MAX_BYTES = int(os.environ.get("INDICATOR_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))


# Uploads and rendered PDFs: on object storage when S3_BUCKET is set (any number of web and worker
# machines), else in the local folder MEDIA_ROOT (one machine, or a disk every process shares).
STORAGES = {
    "default": s3_storage(os.environ) or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not (DEBUG or RUNNING_TESTS))
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or RUNNING_TESTS
# Found per request rather than listed when the middleware starts: every test client starts its own
# middleware, and listing the static files each time cost the suite a minute or more.
WHITENOISE_AUTOREFRESH = DEBUG or RUNNING_TESTS
# The largest terms of reference document a board administrator may upload (boards.services.board_admin).
TERMS_OF_REFERENCE_MAX_BYTES = int(os.environ.get("TERMS_OF_REFERENCE_MAX_MB", "20")) * 1024 * 1024
# A board's logo (boards.services.board_setup): the largest file, and the most pixels a PNG, JPEG or WebP
# may decode to (a small file that decodes to gigabytes is refused before it is decoded).
BOARD_LOGO_MAX_BYTES = int(os.environ.get("BOARD_LOGO_MAX_KB", "1024")) * 1024
BOARD_LOGO_MAX_PIXELS = int(os.environ.get("BOARD_LOGO_MAX_PIXELS", str(16_000_000)))

# Email (subscriptions, notifications), as Django 6.1's MAILERS. A local run with no EMAIL_HOST prints
# mail to the console; production without EMAIL_HOST hands it to an MTA on localhost:25.
if os.environ.get("EMAIL_HOST") or not (DEBUG or RUNNING_TESTS):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST") or "localhost",
                "port": int(
                    os.environ.get("EMAIL_PORT") or ("587" if os.environ.get("EMAIL_HOST") else "25")
                ),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", bool(os.environ.get("EMAIL_HOST"))),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "HWB Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Everything on by default; a local HTTP run (DEBUG) relaxes only what needs HTTPS.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("HTTPS", not DEBUG and not RUNNING_TESTS)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
# Behind our TLS-terminating proxy: trust its X-Forwarded-Proto, and its X-Forwarded-For for the
# address sign-in failures count against (core.signin.client_address).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Health checks come over plain HTTP from inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/live$"]

# Logs go to the console (the container's output). Every line carries the request id of the request or
# Celery task it belongs to (core.logs; X-Request-ID in and out), and core.access writes one line per
# request. LOG_FORMAT: json (one object per line, for a log collector; the default without DEBUG) or
# text (readable; the default in development and tests).
LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("text" if DEBUG or RUNNING_TESTS else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = logging_settings(LOG_FORMAT, level=os.environ.get("LOG_LEVEL", "INFO"))
# Celery's worker logs through the same handler (config/celery.py), so its task lines carry the ids too.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Errors to Sentry (core.errors), only when SENTRY_DSN is set: unhandled errors in requests and tasks,
# tagged with the request id, without personal data.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from core.errors import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT") or ("development" if DEBUG else "production"),
        release=os.environ.get("SENTRY_RELEASE"),
    )

# A consultation's figures that took longer than this to count are kept a while (consultations.figures);
# never in tests, whose figures must be exact on every request unless a test asks otherwise.
CONSULTATION_FIGURES_SLOW_SECONDS = None if RUNNING_TESTS else 0.15

# Rate limits per address on the public forms anyone can send (core.ratelimit): (count, seconds).
# One address can be a library's or an office's many people, so they are generous.
RATE_LIMITS = {
    "respond_start": (int(os.environ.get("RESPONSE_STARTS_PER_HOUR", "20")), 3600),
    "respond_submit": (int(os.environ.get("RESPONSE_SUBMISSIONS_PER_HOUR", "20")), 3600),
    "resume_email": (int(os.environ.get("RESUME_EMAILS_PER_HOUR", "10")), 3600),
}

# Seconds each process keeps /healthz's answers about the cache and the broker (core.health).
HEALTH_CHECK_SECONDS = int(os.environ.get("HEALTH_CHECK_SECONDS", "5"))
# The public strategy page caches its rendered HTML for anonymous visitors (seconds).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))
# Expose /bench/bare, the baseline view `make bench` compares against. Never on in production.
BENCH_VIEWS = env_bool("BENCH_VIEWS", False)
