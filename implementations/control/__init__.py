"""Reference implementations: control."""
