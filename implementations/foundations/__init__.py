"""Reference implementations: foundations."""
