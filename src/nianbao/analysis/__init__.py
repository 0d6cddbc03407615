"""Statistics across many reports, without Django: region-wide checks, aggregates and charts."""
