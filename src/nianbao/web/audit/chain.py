"""The hash chain: a canonical serialisation of one record and the SHA-256 that links it to the one before.

No Django here, so `audit verify` and a restored backup can be checked by the same few lines anywhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

# The prev_hash of the first record ever written.
GENESIS = "0" * 64

# The fields that a record's hash covers, in this order; changing any of them breaks the chain.
CHAINED_FIELDS = (
    "seq",
    "at",
    "user_id",
    "username",
    "action",
    "outcome",
    "client_ip",
    "object_type",
    "object_id",
    "detail",
    "prev_hash",
)


def canonical(fields: Mapping[str, Any]) -> bytes:
    """Serialise the chained fields of one record the one way the hash is taken over."""
    payload = {name: fields[name] for name in CHAINED_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def link(fields: Mapping[str, Any]) -> str:
    """Return the hash of one record: SHA-256 over its canonical form, which includes prev_hash."""
    return hashlib.sha256(canonical(fields)).hexdigest()


def plain_json(data: Any) -> Any:
    """Return `data` as the plain JSON the database gives back, so the hash survives a round trip."""
    return json.loads(json.dumps(data, default=str, ensure_ascii=False))
