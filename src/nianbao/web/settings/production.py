"""Settings behind HTTPS (a TLS-terminating proxy): the environment's settings plus transport security.

Use with DJANGO_SETTINGS_MODULE=nianbao.web.settings.production; `manage.py check --deploy` passes on it.
The plain `nianbao.web.settings` serves http://127.0.0.1:8000 for a single machine, where secure-only cookies
would make logging in impossible.
"""

from nianbao.web.security.conf import env_value
from nianbao.web.settings import *  # noqa: F403

DEBUG = False
SECURE_SSL_REDIRECT = True
# The proxy in front says which scheme the client used; requests reach the application over loopback only.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env_value("NIANBAO_HSTS_SECONDS"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
