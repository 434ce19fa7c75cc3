"""The app as README runs it, under gunicorn with gunicorn.conf.py: no Server banner, our headers."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    instance = tmp_path_factory.mktemp("gunicorn-instance")
    port = _free_port()
    env = {
        **os.environ,
        "ARM_CONFIG": "production",
        "ARM_INSTANCE_PATH": str(instance),
        "SECRET_KEY": "gunicorn-test-secret",
        "DATABASE_URL": f"sqlite:///{instance / 'arm.sqlite'}",
        "ARM_TRUSTED_HOSTS": f"127.0.0.1:{port},127.0.0.1",
        "ARM_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    command = [str(GUNICORN), "-c", "gunicorn.conf.py", "--workers", "1", "--bind", f"127.0.0.1:{port}", "run:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # The arbiter listens before its worker has loaded the app: ready once a request is answered.
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(port, "/login")
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stdout.read().decode())
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("gunicorn did not answer within a minute")
            time.sleep(0.3)
    yield port
    process.terminate()
    process.wait(10)


def _get(port: int, path: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.mark.parametrize("path", ["/login", "/no-such-page", "/static/favicon.ico"])
def test_no_server_banner_and_our_headers(server, path):
    response = _get(server, path)
    assert response.status < 500
    assert response.getheader("Server") is None
    assert "gunicorn" not in str(response.headers).lower()
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    # Production cookies are Secure: the site is HTTPS-only, and says so.
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
