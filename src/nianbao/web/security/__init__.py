"""Security controls: passwords, lockout, second factor, session lifetime, role separation, hardening."""

from nianbao.web.security.proxies import client_address

__all__ = ["client_address"]
