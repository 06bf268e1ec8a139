"""Settings of the Mentorship Program Portal, read from the environment.

Without DATABASE_URL and REDIS_URL the portal runs on a SQLite file with Celery tasks
executed in-process; with them it uses PostgreSQL (psycopg 3, pooled), Redis and real
workers. DJANGO_ENV=production switches on the hardened settings that pass
`manage.py check --deploy`.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
TESTING = env_bool("TESTING")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production.")
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "dev-insecure-mentorship-portal-key-change-me-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.weixin",
    "mentorship",
    "bases",
    "students",
    "subsidies",
    "mentors",
    "projects",
    "events",
    "outcomes",
]

MIDDLEWARE = [
    "mentorship.db_retry.RetryReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "mentorship.middleware.CachedAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mentorship.middleware.RequestContextMiddleware",
    "mentorship.middleware.StaffMFAMiddleware",
    "mentorship.middleware.CenterMiddleware",
]

ROOT_URLCONF = "mentorship.urls"
WSGI_APPLICATION = "mentorship.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentorship.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL through psycopg 3 with its connection pool when
# DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        from mentorship.db_pool import check_pooled_connection, reset_pooled_connection

        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DB_POOL_MIN", "2")),
            "max_size": int(os.environ.get("DB_POOL_MAX", "20")),
            "timeout": 10,
            # A connection the server dropped while it sat in the pool (a restart, a killed
            # backend, a failover) is replaced before a request gets it, at the cost of one
            # round trip per checkout; a dead one clears all dead idle ones at once.
            "check": check_pooled_connection,
            # A connection comes back without the center or scope it ran in (mentorship/rls.py).
            "reset": reset_pooled_connection,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The role the portal's requests and tasks should connect as on PostgreSQL: it owns no table,
# so the row-level security of mentorship/rls.py binds it. `migrate` grants it DML (and
# creates it, NOLOGIN, where the migrating role may); production gives it LOGIN and connects
# with it, migrating as the owner (see README, Production-like stack).
DATABASE_APP_ROLE = os.environ.get("DB_APP_ROLE", "mentorship_app")

AUTH_USER_MODEL = "mentorship.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): email is the login, verified before first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mentorship Program] "
ACCOUNT_FORMS = {"signup": "mentorship.forms.SignupForm"}
ACCOUNT_ADAPTER = "mentorship.adapters.AccountAdapter"
# Proxies in front of gunicorn that append to X-Forwarded-For: the client is the address
# the outermost trusted one saw. Production assumes the TLS-terminating proxy the README
# asks for (as SECURE_PROXY_SSL_HEADER does); without one, anyone could choose their address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1" if PRODUCTION else "0"))
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# WeChat sign-in (微信登录), only when the program's WeChat Open Platform website app is
# configured; otherwise no button shows and its pages answer 404.
WECHAT_APP_ID = os.environ.get("WECHAT_APP_ID", "")
WECHAT_APP_SECRET = os.environ.get("WECHAT_APP_SECRET", "")
WECHAT_ENABLED = bool(WECHAT_APP_ID and WECHAT_APP_SECRET)
SOCIALACCOUNT_PROVIDERS = {
    "weixin": {
        "APPS": (
            [{"client_id": WECHAT_APP_ID, "secret": WECHAT_APP_SECRET}] if WECHAT_ENABLED else []
        ),
        "SCOPE": ["snsapi_login"],
    }
}
SOCIALACCOUNT_ADAPTER = "mentorship.adapters.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "mentorship.forms.SocialSignupForm"}
# A new WeChat user still chooses a center and role and gives an email they verify.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mentorship Program"
# Bureau and program staff must enrol a TOTP authenticator before they can work.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", default=PRODUCTION)
LOGIN_REDIRECT_URL = "dashboard"
LOGIN_URL = "account_login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are private: they are served through views that check who asks, never as /media/.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Redis: broker, result backend and cache when REDIS_URL is set; otherwise tasks run
# in-process (still only after the transaction commits) and the cache is local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis that is down must cost a request a fraction of a second: enqueueing is tried once
# (the outbox relay sends later what the broker did not take) and the cache degrades to none.
REDIS_CONNECT_TIMEOUT = float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5"))
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "2"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Only a task whose worker died unacknowledged waits this long to be delivered again;
    # it must exceed the longest countdown (an email's back-off, at most 30 minutes), or a
    # delayed task would run twice. A killed worker's email does not wait for it: its claim
    # runs out after 90 s and the relay (every 30 s) enqueues it again.
    "visibility_timeout": 3600,
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": max(REDIS_SOCKET_TIMEOUT, 5.0),  # above the worker's 1 s BRPOP
    # One connection attempt when publishing, no waiting between attempts.
    "max_retries": 1,
    "interval_start": 0,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
# The relay's age: what the broker has not delivered after this long is enqueued again.
OUTBOX_RELAY_AFTER_SECONDS = int(os.environ.get("OUTBOX_RELAY_AFTER_SECONDS", "60"))
# How often the relay looks, and how long a worker's claim on one email lasts: a killed
# worker's email goes out again within their sum. The claim must outlast a send (the SMTP
# timeout is 20 s), or a slow send would go out twice.
OUTBOX_RELAY_EVERY_SECONDS = float(os.environ.get("OUTBOX_RELAY_EVERY_SECONDS", "30"))
EMAIL_LEASE_SECONDS = int(os.environ.get("EMAIL_LEASE_SECONDS", "90"))


def redis_cache(url: str) -> dict:
    """The cache on the Redis at `url`: misses, not errors, while that Redis is down."""
    return {
        "BACKEND": "mentorship.cache.DegradingRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "mentorship",
        "OPTIONS": {
            "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
        },
    }


if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CACHES = {"default": redis_cache(REDIS_URL)}
    # Sessions read from Redis, written through to the database: a signed-in page no
    # longer queries the session table, and a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # A host in the URL keeps kombu from warning that it assumed one.
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BEAT_SCHEDULE = {
    # The outbox relay: with the 60 s age above, an email the broker did not take goes out
    # within about 90 s of Redis being back; one whose worker died, within 2 minutes.
    "relay-outgoing-emails": {
        "task": "mentorship.tasks.sweep_outgoing_email_task",
        "schedule": OUTBOX_RELAY_EVERY_SECONDS,
    },
    "relay-imports-and-reports": {
        "task": "mentorship.tasks.sweep_stuck_jobs_task",
        "schedule": 60.0,
    },
    "forget-pending-uploads": {
        "task": "mentorship.tasks.sweep_pending_uploads_task",
        "schedule": 3600.0,
    },
    "placement-ending-reminders": {
        "task": "students.tasks.placement_ending_reminders_task",
        "schedule": crontab(hour=8, minute=0),
    },
    "pairing-requests-expire": {
        "task": "mentors.tasks.pairing_requests_expire_task",
        "schedule": crontab(minute=5),
    },
    # Each booked consultation slot is reminded once, within the hour it comes a day away.
    "consultation-slot-reminders": {
        "task": "mentors.tasks.slot_reminders_task",
        "schedule": crontab(minute=25),
    },
    # A side of a mentoring session whose feedback is overdue is reminded once; hourly so
    # that the reminder arrives within an hour of the due time.
    "feedback-due-reminders": {
        "task": "mentors.tasks.feedback_reminders_task",
        "schedule": crontab(minute=40),
    },
    # Daily digests every morning, weekly ones with Monday's run (a digest goes once per
    # day or week however often this runs).
    "saved-search-digests": {
        "task": "students.tasks.saved_search_digests_task",
        "schedule": crontab(hour=7, minute=30),
    },
    # The dashboards read only these totals: an hour old at most.
    "recompute-figures": {
        "task": "mentorship.figures_tasks.recompute_figures_task",
        "schedule": crontab(minute=17),
    },
    # A seat whose hold ran out goes to the next in line within five minutes.
    "event-seat-offers-lapse": {
        "task": "events.tasks.seat_offers_lapse_task",
        "schedule": 300.0,
    },
    # Everyone with a seat hears the day before (within the hour the day-ahead mark passes).
    "event-reminders": {
        "task": "events.tasks.event_reminders_task",
        "schedule": crontab(minute=5),
    },
    # Who came to an event is invited to review it within the hour after it ends.
    "event-review-invitations": {
        "task": "events.tasks.review_invitations_task",
        "schedule": crontab(minute=35),
    },
    # A project on public notice is selected within the hour its notice ends.
    "project-notices-settle": {
        "task": "projects.tasks.notices_settle_task",
        "schedule": crontab(minute=10),
    },
    # A milestone is flagged the morning after its due day (Shanghai time), once.
    "project-milestones-overdue": {
        "task": "projects.tasks.milestones_overdue_task",
        "schedule": crontab(hour=8, minute=15),
    },
    # Recognitions end the day after their validity; reminders 60 and 30 days before, once.
    "base-recognitions": {
        "task": "bases.tasks.recognitions_task",
        "schedule": crontab(hour=6, minute=10),
    },
    # Graduates of each center get the destination survey once, after their graduation day.
    "destination-surveys": {
        "task": "outcomes.tasks.destination_surveys_task",
        "schedule": crontab(hour=9, minute=40),
    },
}

# Email goes through Django's mailers: SMTP in production or when EMAIL_HOST is set (a local
# relay by default), the console otherwise, readable and with an outbox page.
if PRODUCTION or os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
                "timeout": 20,
            },
        }
    }
    DEV_OUTBOX_FILE = None
else:
    # Printed decoded (not as raw MIME) and kept for the development outbox at /dev/outbox/.
    MAILERS = {"default": {"BACKEND": "mentorship.dev_mail.ReadableConsoleBackend"}}
    DEV_OUTBOX_FILE = Path(os.environ.get("DEV_OUTBOX_FILE", BASE_DIR / "dev-outbox.json"))
# First retry of a failed email after this many seconds, doubling up to an hour.
EMAIL_RETRY_BASE_SECONDS = int(os.environ.get("EMAIL_RETRY_BASE_SECONDS", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mentorship Program <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")

# Strict content security policy: every script and style comes from the portal itself;
# the one inline style (a center's brand colour) carries the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Only the server reads the language choice (no script switches it), so scripts need not.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # In-process tasks (no REDIS_URL) would log every run on the development console.
        "celery.app.trace": {"level": "INFO" if REDIS_URL else "WARNING"},
        # WeasyPrint (PDF documents) tells each step of its work at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}
