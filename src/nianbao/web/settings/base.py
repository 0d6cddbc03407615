"""Settings that do not depend on the environment; the production and test modules build on these."""

from __future__ import annotations

from pathlib import Path

from nianbao.web.security.conf import env_value

WEB_DIR = Path(__file__).resolve().parent.parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "nianbao.web.registry",
    "nianbao.web.reporting",
    "nianbao.web.audit",
    "nianbao.web.security",
    "nianbao.web.oversight",
    "nianbao.web.public",
    "nianbao.web.evidence",
    "django_q",
    "nianbao.web.verification",
    "nianbao.web.history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "nianbao.web.security.middleware.HttpMethodMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nianbao.web.audit.middleware.AuditMiddleware",
    "nianbao.web.security.middleware.SessionLifetimeMiddleware",
    "nianbao.web.security.middleware.AccountGateMiddleware",
    "nianbao.web.security.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "nianbao.web.urls"
WSGI_APPLICATION = "nianbao.web.wsgi.application"
AUTH_USER_MODEL = "registry.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reporting:home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nianbao.web.registry.context.roles",
            ],
        },
    },
    {
        # The entry and review pages (reporting/jinja2/): ~80 items with several fields each, which
        # Django's template language renders several times slower (benchmarks/web_bench.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "nianbao.web.jinja.environment", "autoescape": True},
    },
]

STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_URL = "/static/"
MEDIA_URL = "/media/"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "nianbao.web.errors.csrf_failure"  # Chinese page in the site's frame
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Background jobs (publication checks of a whole region): django-q2 with its ORM broker keeps the queue in
# nianbao's own database. A job not acknowledged within `retry` seconds (its worker was stopped) is handed
# out again, and a run carries on where it stopped. A job checks for 10 minutes at most and queues the
# rest (verification/tasks.py), plus up to one check's time limit to finish those running.
Q_CLUSTER = {
    "name": "nianbao",
    "orm": "default",
    "workers": 1,
    "timeout": 20 * 60,
    "retry": 25 * 60,
    "max_attempts": 3,
    "catch_up": False,
    "save_limit": 500,
    "label": "后台任务",
}

# The report template every new reporting period uses unless the supervisor picks another.
NIANBAO_DEFAULT_TEMPLATE = "gx-2020"
# The region in the printed title (广东 → 广东政府网站工作年度报表; 全国 → the national title); empty: the
# short name of the top region of the report's website (广西壮族自治区 → 广西). See reporting/titles.py.
NIANBAO_REPORT_REGION = ""
# A folder of the deployment's own templates (a province's variants); empty: the bundled ones only.
NIANBAO_TEMPLATE_DIR = ""
# The history import reads its files in a thread so the page can show progress; the tests read at once.
NIANBAO_HISTORY_IMPORT_THREAD = True
# A history import uploads a folder of published reports at once (Django's default allows 100 files).
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

# Security controls (nianbao.web.security; the table of NIANBAO_* security settings is in docs/security.md).
AUTHENTICATION_BACKENDS = ["nianbao.web.security.backends.LockoutModelBackend"]
PASSWORD_HASHERS = [
    "nianbao.web.security.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "nianbao.web.security.passwords.ComplexityValidator"},
    {"NAME": "nianbao.web.security.passwords.HistoryValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# The idle timeout and absolute lifetime are enforced by SessionLifetimeMiddleware; the cookie ends when the
# browser closes. The stored session outlives the absolute lifetime by an hour, so that it is the
# middleware, not the store, that ends a session: it audits why, and keeps an entry post made just after.
SESSION_COOKIE_AGE = (int(env_value("NIANBAO_SESSION_MAX_HOURS")) + 1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Form posts (not counting uploaded files, which each upload view bounds itself) up to 2 MB: the entry
# form of a report is a few tens of KB; anything far larger is a flood, refused before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploaded scans are readable by this system's account only, whatever the process's umask.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
CSRF_COOKIE_HTTPONLY = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Every asset is served by the application itself: nothing inline, nothing from elsewhere, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
