"""The front doors of studypath: the FastAPI app and the Typer command line."""
