"""Test factories: the public small-curriculum builders of graph.build."""

from graph.build import DISCIPLINES, make_concept, make_curriculum

__all__ = ["DISCIPLINES", "make_concept", "make_curriculum"]
