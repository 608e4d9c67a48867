"""Reference implementations: compression."""
