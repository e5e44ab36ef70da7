"""Settings for the fact-check workbench: one module, driven by environment variables.

Every variable is documented in `.env.example`. SQLite is the default database;
`DATABASE_URL=postgres://...` switches to PostgreSQL through psycopg 3.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# A production site on the development key would let anyone forge sessions and
# password-reset links, so refuse to start rather than warn.
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (the development key is public)."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "django_htmx",
    "django_filters",
    "django_tasks_db",
    "axes",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into the page that explains it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

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
                "articles.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections: a new PostgreSQL connection per request cost 2.5x here.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL and a busy timeout let the dev server and a task worker share the file.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("TEST", {})
if os.environ.get("DJANGO_TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"]["NAME"] = os.environ["DJANGO_TEST_DATABASE_NAME"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is refused, even with the right password, for the cool-off
# time or until an Admin deletes the entry under "Access attempts" in the admin. Counting by
# username and address together means a guesser cannot lock a colleague out from elsewhere,
# and one newsroom's shared address is not locked by one person's typos.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a typo or two before the right password counts for nothing
AXES_LOCKOUT_CALLABLE = "articles.throttle.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept; a row for every good login is not needed
AXES_CLIENT_IP_CALLABLE = "articles.throttle.client_ip"
AXES_USERNAME_CALLABLE = "articles.throttle.username"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench:dashboard"
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if not env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without a collected manifest (debug, tests) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = not env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)

# Uploads stay in memory up to the per-file import limit, so the parser reads bytes directly.
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 200

# ---- Background work (README, "Background work") ----------------------------------------
# The embedded default is django-tasks-db: tasks are rows in our own database (SQLite
# included) and `manage.py run_worker` runs them, so `make run` needs no other process to
# install. DJANGO_TASKS_QUEUE=1 switches to the production engine, procrastinate, which
# needs PostgreSQL (its queue is tables and functions there) and brings worker heartbeats,
# recovery of a dead worker's jobs and retries. DJANGO_TASKS_BACKEND overrides either.
TASKS_QUEUE = env_bool("DJANGO_TASKS_QUEUE", False)
ON_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if TASKS_QUEUE and not ON_POSTGRESQL:
    raise ImproperlyConfigured(
        "DJANGO_TASKS_QUEUE=1 runs tasks on procrastinate, which needs DATABASE_URL=postgres://…"
    )
if ON_POSTGRESQL:
    # Its migrations are PostgreSQL functions; on SQLite the app stays out.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "procrastinate.contrib.django")
    PROCRASTINATE_IMPORT_PATHS = ["factcheck.procrastinate_backend"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND")
        or (
            "factcheck.procrastinate_backend.ProcrastinateBackend" if TASKS_QUEUE else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
# Every task is tried at most this many times, waiting base × 2^(n-1) seconds after failure n.
TASKS_MAX_ATTEMPTS = int(os.environ.get("DJANGO_TASKS_MAX_ATTEMPTS", "5"))
TASKS_RETRY_BASE_SECONDS = float(os.environ.get("DJANGO_TASKS_RETRY_BASE_SECONDS", "2"))
# A procrastinate worker sends a heartbeat every few seconds; one silent this long is dead
# and the sweeper puts its jobs back in the queue.
TASKS_STALLED_WORKER_SECONDS = float(os.environ.get("DJANGO_TASKS_STALLED_WORKER_SECONDS", "15"))
# Imports: items per chunk task, and how long a batch may show no progress before the
# sweeper takes its worker for dead and queues its remaining work again.
IMPORT_CHUNK_SIZE = int(os.environ.get("DJANGO_IMPORT_CHUNK_SIZE", "250"))
IMPORT_LEASE_SECONDS = float(os.environ.get("DJANGO_IMPORT_LEASE_SECONDS", "60"))
# How often the workers run the import sweeper (articles/periodic.py).
IMPORT_SWEEP_SECONDS = int(os.environ.get("DJANGO_IMPORT_SWEEP_SECONDS", "10"))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "factcheck",
    }
}
if os.environ.get("DJANGO_CACHE_URL", "").startswith("redis://"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["DJANGO_CACHE_URL"],
    }

# The Content Security Policy: our own scripts and styles only; the nonce lets the few
# template-rendered <script> tags (JSON-LD, htmx) through without allowing inline code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind TLS in production these are on; HTTPS can be switched off for a local
# production-mode run (`DJANGO_HTTPS=0`), which also stops the deploy check passing.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind one TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto and
# appends the client's address to X-Forwarded-For. Only trust these headers when that proxy
# is the only way in: a client reaching the app directly could send them itself.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Feed subscriptions (articles.services.subscriptions). Feeds are fetched from the public
# internet only, never from this machine or a private network (a typed-in address must not
# reach internal services); these networks are let through anyway, e.g. "127.0.0.1/32" for a
# feed served on this machine in development. Tests switch it on where they need it.
FEEDS_ALLOW_NETWORKS = env_list("FACTCHECK_FEEDS_ALLOW_NETWORKS")
FEEDS_FETCH_TIMEOUT = 20  # seconds for one whole fetch, redirects included
FEEDS_MAX_BYTES = 5 * 1024 * 1024  # the per-file import limit (articles.ingest.limits)

# The organisation that signs fact-checks in ClaimReview markup and feeds.
SITE_NAME = os.environ.get("FACTCHECK_SITE_NAME", "The Fact-Check Desk")
SITE_URL = os.environ.get("FACTCHECK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
