"""Learner data: SQLModel tables, the database engine, migrations and data access.

SQLite (a file, no setup) is the default; PostgreSQL is used through
STUDYPATH_DATABASE_URL for several workers and replicas.
"""
