"""Reference implementations: information theory."""
