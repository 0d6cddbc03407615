"""留言办理 figures from a message-board export, counted on the official working-day calendar."""

from nianbao.evidence.messages.compute import (
    DEFAULT_WORKDAYS,
    MESSAGE_FIELDS,
    MessageRules,
    compute_messages,
    count_messages,
    load_rules,
)

__all__ = [
    "DEFAULT_WORKDAYS",
    "MESSAGE_FIELDS",
    "MessageRules",
    "compute_messages",
    "count_messages",
    "load_rules",
]
