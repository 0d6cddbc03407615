"""Production settings: the static base plus what the environment says (see env.SETTINGS)."""

from nianbao.web.settings.base import *  # noqa: F403
from nianbao.web.settings.env import (
    database_config,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    secret_key,
)

NIANBAO_DATA_DIR = env_path("NIANBAO_DATA_DIR")
SECRET_KEY = secret_key(NIANBAO_DATA_DIR)
DEBUG = env_bool("NIANBAO_DEBUG")
ALLOWED_HOSTS = env_list("NIANBAO_ALLOWED_HOSTS")
# Behind a TLS proxy the browser's origin (https://name[:port]) must be trusted for form posts.
CSRF_TRUSTED_ORIGINS = env_list("NIANBAO_CSRF_TRUSTED_ORIGINS")
DATABASES = {"default": database_config(env_str("NIANBAO_DATABASE_URL"), NIANBAO_DATA_DIR)}
STATIC_ROOT = NIANBAO_DATA_DIR / "static"
MEDIA_ROOT = NIANBAO_DATA_DIR / "media"
NIANBAO_MAX_UPLOAD_BYTES = env_int("NIANBAO_MAX_UPLOAD_MB", minimum=1) * 1024 * 1024
NIANBAO_REPORT_REGION = env_str("NIANBAO_REPORT_REGION")
NIANBAO_TEMPLATE_DIR = env_str("NIANBAO_TEMPLATE_DIR")
