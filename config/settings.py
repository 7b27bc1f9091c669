"""Settings for the industrial-cluster plan tracker of a provincial Department of Industry and Trade.

The province and its Department are data (``PROVINCE_CODE``, the ``department`` app), never named here.

One module, read from the environment. Development defaults (DEBUG on, SQLite in ``var/``) let a
newcomer run the application at once; production sets ``DEBUG=false``, ``SECRET_KEY``,
``ALLOWED_HOSTS`` and ``DATABASE_URL``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}.") from exc


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set the SECRET_KEY environment variable "
            "(for development, set DEBUG=true to use a throwaway key)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts.apps.PlanAdminConfig",  # django.contrib.admin with the coordinators-only site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "accounts.lockout.AxesConfig",  # django-axes, with its admin unlock open to coordinators
    "django_otp",
    "accounts.two_factor.TOTPConfig",  # django-otp's TOTP plugin, plus the receiver that asks enrolled users for a code
    "django_otp.plugins.otp_static",
    # The project's apps, lowest first: each imports only from the apps listed before it.
    "core",
    "places",
    "department",
    "agencies",
    "accounts",
    "clusters",
    "reporting",
    "tasks",
    "plan_reports",
    "signatures",
    "notifications",
    "webhooks",
    "audit",
    "sync",
    "workspace",
    "imports",
    "national",  # the Ministry's roll-up of the provinces' exports: its pages only when NATIONAL_ROLLUP is on
    "seed",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ApiConditionalGetMiddleware",  # ETag and 304 on the API, from the final body
    "core.middleware.PageMethodsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    # 400 for a NUL in the query (in the language just chosen, before any view); 503 for a deadlock
    "core.middleware.RequestGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.sessions.IdleTimeoutMiddleware",  # pushes the session's expiry forward, at most once a minute
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.SecondFactorMiddleware",  # users with a device enter a code before anything else
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.kept_forms.KeptFormMiddleware",  # a form posted after the session ended waits for the next login
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "accounts.context_processors.membership",
                "department.context_processors.department",
                "national.context_processors.national",
            ],
        },
    },
]
# Django's form templates, with selects written in Python: the same HTML, a fraction of the time (core/renderers.py).
FORM_RENDERER = "core.renderers.FormRenderer"

# Database: SQLite in the ignored var/ folder unless DATABASE_URL names another (PostgreSQL in production).
VAR_DIR = BASE_DIR / "var"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        # Connections are kept a minute (opening one costs PostgreSQL a few milliseconds a request).
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A kept connection the database has dropped (a restart, a failover) is noticed and replaced before
        # the request uses it, instead of failing that request.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The due-date index carries status and completion date for PostgreSQL's index-only counts (tasks/0009);
# SQLite has no such columns and keeps a plain index, as intended: its warning is not news.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (OpenID Connect), inert until configured below: matches invited accounts only (accounts/oidc.py).
    "accounts.oidc.InvitedAccountBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's, with the Vietnamese message its catalogue lacks.
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:landing"  # each role lands where its work is
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Vietnamese first, English available; dates dd/mm/yyyy through config/formats.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "config" / "locale", BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# The province this installation serves: one installation, one province, chosen as data. Its official code
# (places/data/provinces-2025.csv: "24" Bắc Ninh, "31" Hải Phòng…) is what ``manage.py load_reference_data`` loads
# by default. "national" makes the installation the Ministry's: it collects the provinces' national exports and
# sums their Biểu 04 (the ``national`` app); NATIONAL_ROLLUP=true turns that on too.
PROVINCE_CODE = os.environ.get("PROVINCE_CODE", "01").strip() or "01"
NATIONAL = "national"
NATIONAL_ROLLUP = PROVINCE_CODE == NATIONAL or env_bool("NATIONAL_ROLLUP", default=False)

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))  # where collectstatic writes, for whitenoise
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
# Attachments live outside any served folder and are only ever sent by a view that checks permission.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# With several application servers, uploaded files go to storage they all share: STORAGE_BACKEND=s3 keeps them
# in an S3-compatible object store (django-storages; AWS, MinIO, Ceph…) instead of MEDIA_ROOT. The objects are
# private: the download views read them through the storage (core.uploads.file_download) after asking scoping,
# and never redirect to the store. The access key comes from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the
# environment (read by django-storages, kept out of settings) or from boto3's own chain (an instance role).
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem").strip().lower() or "filesystem"
if STORAGE_BACKEND == "s3":
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME to be set.")
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None  # empty: AWS itself
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None  # "path" for most MinIO setups
    AWS_S3_SIGNATURE_VERSION = os.environ.get("AWS_S3_SIGNATURE_VERSION") or "s3v4"
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "")  # a prefix inside the bucket
    AWS_QUERYSTRING_AUTH = True  # any URL the storage makes is signed and expires (none is ever shown anyway)
    AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 300)
    # "private" by default; empty sends no ACL, for buckets whose owner enforces ownership (ACLs disabled).
    AWS_DEFAULT_ACL = os.environ.get("AWS_DEFAULT_ACL", "private") or None
    AWS_S3_FILE_OVERWRITE = False  # two uploads of "bien-ban.pdf" to one task keep both
    # A download is read from the store into a spooled file: in memory up to this size, on disk past it.
    AWS_S3_MAX_MEMORY_SIZE = 5 * 1024 * 1024
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
elif STORAGE_BACKEND != "filesystem":
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be 'filesystem' or 's3', got {STORAGE_BACKEND!r}.")
MEDIA_URL = None
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# An uploaded Office/OpenDocument file (a zip) is measured before it is opened (core.uploads.measure_zip): at most
# UPLOAD_ZIP_MAX_ENTRIES parts, UPLOAD_ZIP_MAX_UNPACKED_BYTES unpacked in all, and no part over 1 MB unpacked more
# than UPLOAD_ZIP_MAX_RATIO times its packed size. A Biểu 02/03 workbook (a few kilobytes unpacked) is held to
# REPORT_WORKBOOK_MAX_UNPACKED_BYTES.
UPLOAD_ZIP_MAX_ENTRIES = env_int("UPLOAD_ZIP_MAX_ENTRIES", 1000)
UPLOAD_ZIP_MAX_UNPACKED_BYTES = env_int("UPLOAD_ZIP_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
UPLOAD_ZIP_MAX_RATIO = env_int("UPLOAD_ZIP_MAX_RATIO", 100)
REPORT_WORKBOOK_MAX_UNPACKED_BYTES = env_int("REPORT_WORKBOOK_MAX_UNPACKED_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
# The file backend (a folder of .eml files, for staging) needs its folder; the SMTP backend needs its host.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
REQUIRED_BY_EMAIL_BACKEND = {
    "django.core.mail.backends.filebased.EmailBackend": ("EMAIL_FILE_PATH", EMAIL_FILE_PATH),
    "django.core.mail.backends.smtp.EmailBackend": ("EMAIL_HOST", EMAIL_HOST),
}
if EMAIL_BACKEND in REQUIRED_BY_EMAIL_BACKEND and not REQUIRED_BY_EMAIL_BACKEND[EMAIL_BACKEND][1]:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={EMAIL_BACKEND} needs {REQUIRED_BY_EMAIL_BACKEND[EMAIL_BACKEND][0]} to be set."
    )
# An address alone: the display name is the Department's, added when an email is sent (department.letterhead.sender);
# an address given with its own display name ("Name <address>") is used as it is.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The public address of the application, for links in emails and calendar feeds.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Domain settings.
DUE_SOON_DAYS = env_int("DUE_SOON_DAYS", 7)
# Days before a deadline on which reminder digests list a task (each user may choose their own).
REMINDER_WINDOWS_DAYS = [int(d) for d in env_list("REMINDER_WINDOWS_DAYS", "7,1")]
# At most this many tasks per section of a reminder digest; the section states its total and links to the list.
REMINDER_DIGEST_SECTION_LIMIT = env_int("REMINDER_DIGEST_SECTION_LIMIT", 50)
# Circular 14 reports: their reporters are reminded every day from this many days before the due date until
# sent; a report still late after this many reminders is escalated (dashboard, follow-up letter to the commune).
REPORTING_REMINDER_DAYS_BEFORE = env_int("REPORTING_REMINDER_DAYS_BEFORE", 5)
REPORTING_ESCALATE_AFTER = env_int("REPORTING_ESCALATE_AFTER", 3)
# A task whose progress has not been updated for this many days is flagged "chưa cập nhật".
STALE_PROGRESS_DAYS = env_int("STALE_PROGRESS_DAYS", 30)
# The dashboard's figures, the agencies table, the targets and /my/'s lists are cached this many seconds (0: not
# cached); a write to the data they read (tasks, agencies, the register) drops them at once (core.cache).
TASK_FIGURES_CACHE_SECONDS = env_int("TASK_FIGURES_CACHE_SECONDS", 60)
# The API's list pages (tasks, clusters, agencies) are kept this many seconds (0: not kept) for the same user,
# day and query; a write to the data they read drops them at once (core.api.CachedListMixin, core.cache).
API_LIST_CACHE_SECONDS = env_int("API_LIST_CACHE_SECONDS", 60)

# Webhooks (webhooks/sending.py): each POST waits this long for an answer; a failed delivery is tried again
# after 1 minute × 2^attempts (at most WEBHOOK_BACKOFF_MAX_SECONDS), and marked failed after WEBHOOK_MAX_ATTEMPTS.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_BACKOFF_SECONDS = env_int("WEBHOOK_BACKOFF_SECONDS", 60)
WEBHOOK_BACKOFF_MAX_SECONDS = env_int("WEBHOOK_BACKOFF_MAX_SECONDS", 6 * 3600)

# Everything the server sends over HTTP goes through core/outbound.py: https only, to public addresses only (the
# name resolved once and the connection made to the address checked), no redirects. OUTBOUND_HOST_ALLOWLIST
# (comma-separated; ".example.vn" also allows its subdomains) narrows it to the hosts named. A connection
# waits at most OUTBOUND_CONNECT_TIMEOUT_SECONDS; an answer at most WEBHOOK_TIMEOUT_SECONDS (or
# OUTBOUND_TIMEOUT_SECONDS for other callers). OUTBOUND_ALLOW_LOOPBACK_HTTP lets it reach this machine
# (127.0.0.0/8, ::1), plain http included: for the tests' receiver only, never in production.
OUTBOUND_HOST_ALLOWLIST = env_list("OUTBOUND_HOST_ALLOWLIST")
OUTBOUND_CONNECT_TIMEOUT_SECONDS = env_int("OUTBOUND_CONNECT_TIMEOUT_SECONDS", 3)
OUTBOUND_TIMEOUT_SECONDS = env_int("OUTBOUND_TIMEOUT_SECONDS", 10)
OUTBOUND_ALLOW_LOOPBACK_HTTP = env_bool("OUTBOUND_ALLOW_LOOPBACK_HTTP", default=False)

# The cache: figures cached for a short while (the dashboard's, the agencies table's, API list pages) and
# the API's throttle counters. With several application servers it must be shared, or each server keeps its
# own figures and counts (a throttle of N a minute becomes N per server): REDIS_URL (or CACHE_URL, a
# redis:// address) selects Django's Redis cache. Without either, each process keeps its own (LocMem).
CACHE_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL") or ""
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL/CACHE_URL must be a redis:// address, got {CACHE_URL!r}.")
    # A slow or absent Redis costs a request at most these timeouts, then is skipped for RETRY_SECONDS: the
    # cache answers as a miss and the throttle lets requests through (core/cache_backends.py).
    CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.25"))
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ccn"),
            "RETRY_SECONDS": env_int("CACHE_RETRY_SECONDS", 10),
            "OPTIONS": {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT, "socket_timeout": CACHE_SOCKET_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions and cookies.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# Idle timeout: a request pushes the expiry forward when the last push is this old (accounts.sessions), so a
# session is written about once a minute per active user, not on every request.
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
# Pages warn this long before the idle timeout ends the session (at most half of it): "Phiên làm việc sắp hết hạn".
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): no inline scripts, everything served by the application.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login lockout (django-axes): per account and address, with a cool-off.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind reverse proxies (AXES_PROXY_COUNT=1 behind one nginx), the client address is the one the nearest
# proxy appended to X-Forwarded-For; with 0 the header is ignored. accounts/lockout.py says why axes'
# AXES_IPWARE_* settings are not used (django-ipware is not installed: they would be silently ignored).
TRUSTED_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip_address"

# Invitations (accounts/invitations.py): the link in the email works this many days, once.
INVITATION_EXPIRY_DAYS = env_int("INVITATION_EXPIRY_DAYS", 7)
# Password reset by email (Django's; accounts/forms.py): its link works this long, once; at most one email per
# address every PASSWORD_RESET_EMAIL_INTERVAL_SECONDS, and this many requests an hour from one client address.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_HOURS", 24) * 3600
PASSWORD_RESET_EMAIL_INTERVAL_SECONDS = env_int("PASSWORD_RESET_EMAIL_INTERVAL_SECONDS", 300)
PASSWORD_RESET_REQUESTS_PER_HOUR = env_int("PASSWORD_RESET_REQUESTS_PER_HOUR", 20)

# Single sign-on by OpenID Connect (mozilla-django-oidc; accounts/oidc.py, docs/accounts.md). Off until the client
# and the provider's endpoints are set; the redirect URI to register at the provider is
# SITE_URL + /accounts/oidc/callback/. Accounts are never created by the provider (OIDC_CREATE_USER).
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "") or None
OIDC_RP_IDP_SIGN_KEY = None
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_CREATE_USER = False
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", default=True)
OIDC_REQUIRE_VERIFIED_EMAIL = env_bool("OIDC_REQUIRE_VERIFIED_EMAIL", default=True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", default=True)

# Two-factor login for the admin (django-otp), enforced when REQUIRE_2FA_FOR_ADMIN is set.
REQUIRE_2FA_FOR_ADMIN = env_bool("REQUIRE_2FA_FOR_ADMIN", default=False)
# ... and for coordinators (and superusers) on every page and for API tokens (accounts/two_factor.py).
REQUIRE_2FA_FOR_COORDINATORS = env_bool("REQUIRE_2FA_FOR_COORDINATORS", default=False)


def OTP_TOTP_ISSUER(device):
    """The authenticator app's account label: the Department's name as the data says (its letterhead, cached)."""
    from department.letterhead import current

    return current().name


# REST API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # knox's, refusing a token header that is not text with 401 instead of an error (accounts/api/authentication.py).
        "accounts.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.filters.APIOrderingFilter",  # ?ordering=: names and titles in Vietnamese order (core/search.py)
        "core.paging.UpdatedAfterFilter",  # ?updated_after= on every list (docs/api.md)
    ],
    # JSON only: forms and multipart are not advertised (nor accepted) on every write. The three actions that take
    # files add multipart themselves (tasks/api/views.py).
    # core.api.JSONParser: a body nested past what Python can parse is a 400, not a crash.
    "DEFAULT_PARSER_CLASSES": ["core.api.JSONParser"],
    # Page numbers, or a cursor over (updated_at, id) once a client syncs (?updated_after= / ?cursor=).
    "DEFAULT_PAGINATION_CLASS": "core.paging.SyncPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["core.api.TokenUserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("API_THROTTLE_RATE", "1000/hour")},
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Incremental sync serves only changes stamped this many seconds before the oldest open transaction (or now):
# the room for a stamp taken just before its statement, and for the application servers' clocks (core/paging.py).
SYNC_SETTLE_SECONDS = env_int("SYNC_SETTLE_SECONDS", 2)
REST_KNOX = {
    "TOKEN_TTL": __import__("datetime").timedelta(days=env_int("API_TOKEN_TTL_DAYS", 90)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Kế hoạch cụm công nghiệp — Sở Công Thương",
    "DESCRIPTION": "REST API for the provincial industrial-cluster plan tracker: tasks, deadlines, clusters, agencies.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Read-only fields of responses are required too (the default, said here because clients rely on it).
    "COMPONENT_NO_READ_ONLY_REQUIRED": False,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "core.api.require_response_fields"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Several models have a "status" (or "kind") field with its own choices: one named enum each.
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "tasks.models.tasks.TaskStatus",
        "DeadlineStatusEnum": "tasks.models.tasks.DeadlineStatus",
        "ClusterStatusEnum": "clusters.models.Cluster.Status",
        "WastewaterStatusEnum": "clusters.models.Cluster.Wastewater",
        "ExtensionRequestStatusEnum": "tasks.models.workflow.ExtensionRequest.Status",
        "AgencyKindEnum": "agencies.models.Agency.Kind",
        "CommuneKindEnum": "places.models.Commune.Kind",
        # A reporting period's kind has the choices of a cluster report's period: one enum, the name it had.
        "PeriodEnum": "reporting.models.ReportingPeriod.Kind",
        "Bieu04SourceTypeEnum": "reporting.api.serializers.SOURCE_TYPES",
        "TypeEnum": "clusters.models.Cluster.Type",
        "PlanReportStatusEnum": "plan_reports.models.PlanReport.Status",
        "CapacityEnum": "department.models.Capacity",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
