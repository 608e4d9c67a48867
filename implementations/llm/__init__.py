"""Reference implementations: llm."""
