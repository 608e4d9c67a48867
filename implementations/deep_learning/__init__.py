"""Reference implementations: deep learning."""
