"""Publication checks in the web application: records, region-wide runs as background jobs, pages.

The checking itself is nianbao.publication (no Django); this app stores results and evidence, runs a
region's checks through django-q2, and adds a column to 填报进度 and a category to 数据核查 through
hooks.py, so the oversight app changes by a few lines only.
"""
