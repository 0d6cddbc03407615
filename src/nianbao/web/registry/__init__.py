"""Registry: regions, organisations, websites, people and their roles."""
