"""The WSGI application that `nianbao serve` hands to the server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nianbao.web.settings")
application = get_wsgi_application()
