"""WSGI entry point: `gunicorn run:app` in production, `flask --app run run` in development."""

from arm import create_app

app = create_app()
