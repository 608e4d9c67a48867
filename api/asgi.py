"""The ASGI application for uvicorn workers: ``uvicorn api.asgi:app``."""

from api.main import create_app

app = create_app()
