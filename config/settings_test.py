"""Settings for the test suite: production settings with test-friendly defaults.

Only defaults are set here, so DATABASE_URL and REDIS_URL from the environment (as in CI)
still decide which database and broker the tests run against.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "https://dlm.example.gov.cn")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES, VAR_DIR  # noqa: E402
from .env import env_bool  # noqa: E402

# The manifest needs collectstatic; tests serve static files straight from the finders.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = VAR_DIR / "test-media"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# A SQLite file named by DATABASE_URL is tested as a file, next to it: the concurrency
# tests need one (.ci/run), since an in-memory database shares one lock and ignores the
# busy timeout. Without DATABASE_URL, Django's in-memory test database as usual.
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and os.environ.get("DATABASE_URL"):  # noqa: F405
    from pathlib import Path

    _name = Path(DATABASES["default"]["NAME"])  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(_name.with_name(f"test_{_name.name}"))}  # noqa: F405

# A test database of one's own name on a shared server (DATABASE_URL=postgres://…/h_x,
# TEST_DATABASE_NAME=h_x_test), instead of Django's "test_" + name.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405

# The checklist cache is off in tests unless a test turns it on (tests/meetings/
# test_checklist_cache.py): a test database's rows come and go with their ids reused.
CHECKLIST_CACHE = env_bool("CHECKLIST_CACHE", False)
