"""The password hasher: Argon2id with OWASP's recommended parameters.

Django's own Argon2 defaults (100 MiB, 8 lanes) cost about 150 ms of CPU per sign-in, so a burst
of sign-ins starves every other request of an app server. OWASP's Password Storage Cheat Sheet
recommends Argon2id with m=19 MiB, t=2, p=1 (about ten times cheaper, see docs/benchmarks.md).
The algorithm name stays ``argon2``: hashes made with other parameters still verify, and
``must_update`` is true for them, so Django rehashes each with these parameters at its next
sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
