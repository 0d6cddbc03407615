"""Figures computed from raw data (access logs, CMS exports, message-board exports) with their provenance."""
