"""The Django web application: thin apps over the core (registry, reporting; oversight, public, security)."""
