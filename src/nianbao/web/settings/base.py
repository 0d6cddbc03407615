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
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The report template every new reporting period uses unless the supervisor picks another.
NIANBAO_DEFAULT_TEMPLATE = "gx-2020"

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
