"""Reporting: periods, reports, values, workflow, history, attachments and the entry pages."""
