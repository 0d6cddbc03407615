"""Supervision: progress of a region's reports, reminders, region-wide checks, aggregates and exports."""
