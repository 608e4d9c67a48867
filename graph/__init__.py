"""The curriculum: YAML models, loading and validation, the Curriculum graph and its queries.

Plain Python: nothing here imports web or database code.
"""

from graph.curriculum import Curriculum
from graph.errors import CurriculumError, Problem, UnknownConceptError
from graph.loader import load_curriculum
from graph.parse import bundled_data_dir

__all__ = [
    "Curriculum",
    "CurriculumError",
    "Problem",
    "UnknownConceptError",
    "bundled_data_dir",
    "load_curriculum",
]
