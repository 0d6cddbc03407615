"""Security controls: passwords, lockout, second factor, session lifetime, role separation, hardening."""
