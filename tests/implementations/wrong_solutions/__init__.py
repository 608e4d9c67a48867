"""Wrong solutions, one classic misconception each, graded in test_wrong_solutions.py."""
