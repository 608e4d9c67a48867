"""The bundled curriculum (concepts.yaml, textbooks.yaml), installed as studypath_data."""
