"""History import: earlier years' published reports, read from the files found on the sites."""
