"""Settings, read from the environment.

The embedded default (no variables set but DEBUG=1) is SQLite under var/ and Celery in
eager mode; production sets DATABASE_URL, REDIS_URL, SECRET_KEY and ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置：生产环境必须设置 SECRET_KEY（开发时可设置 DEBUG=1）。"
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
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
    "guardian",
    "axes",
    "django_htmx",
    "organizations",
    # Writing anonymous rows (opinions, ballots, public comments): imports only Django.
    "anonymity",
    "notifications",
    "documents",
    "meetings",
    # Phase apps: each may import meetings (and earlier phases), never the reverse.
    "study",
    "feedback",
    "talks",
    "inspections",
    "proceedings",
    "rectification",
    "evaluation",
    # On top of every phase; no phase imports them.
    "oversight",
    "archive",
]

MIDDLEWARE = [
    # First: /healthz must not depend on sessions (nor on anything else that uses the database).
    "config.health.HealthzMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "organizations.middleware.Utf8RequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the middleware that set cookies and headers, so its pages get them too.
    "config.error_pages.ChineseErrorPagesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last: it turns a lockout into the lockout page.
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
                "notifications.context_processors.inbox",
                "oversight.context_processors.oversight",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
    )  # connection lifetime and SQLite's locking: see "Faults" at the end
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session dies 30 minutes after the last request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Offices sit behind one NAT address: lock the account, not the whole building.
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns that username-only lockout lets an attacker spray many accounts from one
# address; locking by address would lock out every colleague behind the same NAT, which
# on an intranet is the worse failure. Reverse proxies should rate-limit by address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

# --- Locale ---------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Django's own messages reworded in plain Chinese (locale/zh_Hans/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Files ----------------------------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"  # never served publicly: downloads go through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Rectification evidence (佐证材料): refused above this many MB with a message naming it.
# DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts out of its count, and files larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to a temporary file, so a larger upload reaches
# the check in rectification/evidence.py instead of a 400 page.
EVIDENCE_MAX_MB = env_int("EVIDENCE_MAX_MB", 20)

# --- Cache and Celery -----------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",  # one client per pool (config/cache.py)
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The meeting home's checklist is remembered in the cache only where every server process
# shares it (meetings.checklist_cache): a per-process memory cache would not hear the
# writes of another process.
CHECKLIST_CACHE = env_bool("CHECKLIST_CACHE", bool(REDIS_URL))

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "milestone-reminders": {
        "task": "meetings.tasks.send_milestone_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # What is left of yesterday's anonymous submissions, written as one shuffled batch.
    "anonymous-rows": {
        "task": "anonymity.tasks.flush_anonymous_rows",
        "schedule": crontab(hour=0, minute=5),
    },
    # Create forms' one-time tokens (organizations/once.py) need not be kept for ever.
    "form-tokens": {
        "task": "organizations.tasks.purge_spent_form_tokens",
        "schedule": crontab(hour=3, minute=0),
    },
}

# --- E-mail ---------------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "shenghuohui@localhost")
# The address people reach the site at, for links that leave it: e-mails, the public
# opinion form's QR code. No default: a guessed one (http://127.0.0.1:8000) printed on a
# poster leads nowhere. In DEBUG it may be left empty: pages then use the address the
# browser reached the server by, and e-mails carry the link's path only.
SITE_URL = env_str("SITE_URL").rstrip("/")
if not SITE_URL and not DEBUG:
    raise ImproperlyConfigured(
        "SITE_URL 未设置：生产环境必须设置群众和干部访问本系统的地址，如 https://dlm.example.gov.cn"
        "（邮件中的链接和征求意见二维码都用它；开发时可设置 DEBUG=1）。"
    )

# --- Security (production) ------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- The public opinion form (anonymity/throttle.py) -----------------------------------
# Submissions allowed per client address and per form in ten minutes. A forum where
# everyone scans the QR code on one Wi-Fi shares one address: raise the first if needed.
FEEDBACK_RATE_PER_CLIENT = env_int("FEEDBACK_RATE_PER_CLIENT", 30)
FEEDBACK_RATE_PER_FORM = env_int("FEEDBACK_RATE_PER_FORM", 600)
# Behind a reverse proxy every request comes from the proxy: name the header that carries
# the client's address (e.g. HTTP_X_REAL_IP, set by nginx), else REMOTE_ADDR is counted.
FEEDBACK_CLIENT_IP_HEADER = env_str("FEEDBACK_CLIENT_IP_HEADER", "")
# Anonymous rows (online opinions, later ballots and public comments) are written in
# shuffled batches of at least this many per form, the rest of a day after midnight
# (anonymity/writes.py). 1 writes each at once, in the order sent.
ANONYMOUS_BATCH_SIZE = env_int("ANONYMOUS_BATCH_SIZE", 10)

# --- Faults: database connections, SQLite's locking, the worker (issue 10) -------------

# Persistent connections belong to gunicorn in production (README: CONN_MAX_AGE=60). The
# development server runs each keep-alive client in a thread of its own, and each thread
# would keep its connection open: 0 closes it at the end of every request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 0)
# A connection kept across requests may have died with a database restart: test it before
# the request uses it instead of answering a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked": IMMEDIATE
    # takes the write lock when the transaction starts, so a row read under it is still
    # current when it is written (SQLite's answer to SELECT … FOR UPDATE); WAL lets
    # readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_SECONDS", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# A document job is stopped (and its row marked failed) after DOCUMENT_TIME_LIMIT seconds;
# the broker hands an unacknowledged job to another worker only after the visibility
# timeout, which must therefore outlast the slowest job, or one file would be made twice.
DOCUMENT_TIME_LIMIT = env_int("DOCUMENT_TIME_LIMIT", 300)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": DOCUMENT_TIME_LIMIT + 600}
# Acknowledge a job when it is done, not when it is taken, and give it back when the
# process running it dies (acks_late alone acknowledges a job whose worker was killed).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A worker holds no more jobs than it runs: a killed worker strands nothing in its buffer.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The supervisors' statuses kept anew well within the cache's safety-net expiry
# (meetings.checklist_cache.TIMEOUT, 10 minutes): see meetings.status.refresh_kept_statuses.
# One not started before the next is due is dropped (meetings.tasks.REFRESH_EXPIRES).
CELERY_BEAT_SCHEDULE["meetings-refresh-statuses"] = {
    "task": "meetings.tasks.refresh_statuses",
    "schedule": timedelta(minutes=4),
    "options": {"expires": 4 * 60},
}
# The safety net for jobs whose message was lost all the same (see documents/services.py).
CELERY_BEAT_SCHEDULE["documents-requeue-stale"] = {
    "task": "documents.tasks.requeue_stale_files",
    "schedule": timedelta(minutes=5),
}

# Choice widgets (<select>, checkbox and radio lists) drawn in Python with the stock
# templates' markup: a list of 150 people is otherwise 450 template includes.
FORM_RENDERER = "organizations.widget_render.FastChoiceRenderer"

# A compilation (汇编) made part by part, one job per part on whichever worker is free, then
# joined (documents/compile.py). Off by default: each part costs WeasyPrint its own font
# loading and subsetting, so it pays only where idle cores outnumber the parts' overhead
# (measured in scripts/bench_inspections.py --workers; see the benchmark notes).
DOCUMENT_PARALLEL_PARTS = env_bool("DOCUMENT_PARALLEL_PARTS", False)
