"""gunicorn settings of the app (`gunicorn -c gunicorn.conf.py run:app`, see README); command-line options override.

No `Server` header: gunicorn writes "Server: gunicorn" itself on every response, before the app's own
headers, and has no setting for it. The response class asks for its default headers in one method;
the line it would add is left out there.
"""

import gunicorn.http.wsgi

_default_headers = gunicorn.http.wsgi.Response.default_headers


def _without_server_header(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


gunicorn.http.wsgi.Response.default_headers = _without_server_header
