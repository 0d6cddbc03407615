"""The error raised for input that cannot be used at all."""

from __future__ import annotations


class EvidenceError(Exception):
    """Input that cannot be used: the message, in Chinese, says what is wrong, where, and how to fix it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
