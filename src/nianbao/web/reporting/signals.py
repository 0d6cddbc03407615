"""Signals other apps connect to without editing this one (the audit trail listens to report_action).

report_action is sent for every save and every workflow transition, with keyword arguments:
    report   the Report acted on
    action   "save", "submit", "review", "approve", "publish", "return", "correct", "attach", "open",
             "download" (an export of the report in one layout)
    actor    the user who acted (None for the system)
    outcome  "ok" or "refused"
    detail   a JSON-serialisable dict (changed items, reason, the refusal message, ...)
A successful action is sent inside its transaction, so a receiver's writes commit or roll back with it; a
refusal is sent after the transaction rolled back.
"""

from django.dispatch import Signal

report_action = Signal()
