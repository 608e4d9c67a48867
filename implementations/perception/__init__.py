"""Reference implementations: perception."""
