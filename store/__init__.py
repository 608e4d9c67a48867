"""Learner data (SQLModel tables, migrations): see docs/ for the plan."""
