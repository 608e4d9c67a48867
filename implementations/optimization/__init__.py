"""Reference implementations: optimization."""
