"""Audit trail: append-only records of every security-relevant and report action, chained by SHA-256."""
