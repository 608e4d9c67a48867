"""Errors of the planner's input that only planning can see (the models check the rest)."""

from __future__ import annotations


class PlanInputError(ValueError):
    """A planner input that cannot be planned, naming the parameter at fault."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message
