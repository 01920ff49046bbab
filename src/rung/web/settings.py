"""Django settings for Rung: embedded defaults for one laptop, env vars for a server.

Every knob is an environment variable read through rung.web.config, which refuses bad
values at start-up. With none set, Rung keeps SQLite and the business data under
RUNG_HOME and listens on loopback only.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from rung.web.config import env_bool, env_int, env_list, env_str, home_dir, secret_key

BASE_DIR = Path(__file__).resolve().parent
RUNG_HOME = home_dir()
RUNG_DATA_DIR = Path(env_str("RUNG_DATA_DIR", str(RUNG_HOME / "businesses")))
# Address of an existing Dask scheduler (tcp://host:8786) to forecast on; empty: a local process pool.
RUNG_DASK_SCHEDULER = env_str("RUNG_DASK_SCHEDULER", "")

SECRET_KEY = secret_key(RUNG_HOME)
DEBUG = env_bool("RUNG_DEBUG", False)
ALLOWED_HOSTS = env_list("RUNG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("RUNG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "rung.web.accounts",
    "rung.web.businesses",
    "rung.web.programs",
    "rung.web.jobs",
    "rung.web.quality",
    "rung.web.forecasts",
    "rung.web.customers",
    "rung.web.feedback",
    "rung.web.assess",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rung.web.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rung.web.urls"
WSGI_APPLICATION = "rung.web.wsgi.application"

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
            ],
            "builtins": ["rung.web.templatetags.rung_format"],
        },
    }
]

_SQLITE = f"sqlite:///{RUNG_HOME / 'rung.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _SQLITE), conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests get a file, not Django's shared-cache in-memory database: there a table lock
    # fails at once instead of waiting, and the browser tests run a worker thread beside
    # the live server, as `rung serve` does.
    _TEST_DB = Path(tempfile.gettempdir()) / f"rung-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_DB)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock an account for a while after repeated wrong passwords (django-axes).
AXES_FAILURE_LIMIT = env_int("RUNG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("RUNG_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("RUNG_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

EMAIL_BACKEND = env_str("RUNG_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = RUNG_HOME / "outbox"
EMAIL_HOST = env_str("RUNG_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("RUNG_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("RUNG_FROM_EMAIL", "rung@localhost")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch")), ("pt", _("Portuguese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
# Only for `collectstatic` behind a separate web server; Rung serves from the package otherwise.
STATIC_ROOT = env_str("RUNG_STATIC_ROOT", "") or None
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve static files straight from the package: nothing to collect on a laptop.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads stream to disk above this size instead of being held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
RUNG_MAX_UPLOAD_BYTES = env_int("RUNG_MAX_UPLOAD_MB", 500) * 1_000_000

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RUNG_LOG_LEVEL", "WARNING")},
}
