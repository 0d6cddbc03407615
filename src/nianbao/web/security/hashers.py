"""Argon2id with the parameters OWASP recommends for a web login (19 MiB, 2 passes, 1 lane).

Django's own defaults (100 MiB, 8 lanes) take most of a second on a two-core server: at the deadline, when
hundreds of staff sign in at once, that alone would queue logins for minutes. These parameters keep the
hash memory-hard and take a few tens of milliseconds.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id, m = 19 MiB, t = 2, p = 1; hashes made with other parameters are redone at the next login."""

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
