"""What the benchmark and the load test share: an instance filled with bench data, gunicorn on loopback, and a
signed-in HTTP client."""

import os
import re
import signal
import socket
import subprocess  # nosec B404: starts flask and gunicorn from this virtualenv with argument lists
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("ARM_BENCH_CACHE", ROOT / "bench" / "cache"))
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Instance:
    """An instance folder and its database: SQLite in the folder unless `database_url` names PostgreSQL."""

    path: Path
    database_url: str | None = None

    def environment(self, **extra: str) -> dict[str, str]:
        environment = {
            **os.environ,
            "ARM_INSTANCE_PATH": str(self.path),
            "ARM_CONFIG": "production",
            "FLASK_APP": "run.py",
            "SESSION_COOKIE_SECURE": "0",  # plain HTTP on loopback
            "ARM_BENCHMARK_ROUTES": "1",
            "ARM_PUBLIC_BASE_URL": f"http://{HOST}",
            **extra,
        }
        environment.pop("FLASK_DEBUG", None)
        if self.database_url:
            environment["DATABASE_URL"] = self.database_url
        else:
            environment.pop("DATABASE_URL", None)
        return environment

    def engine(self):
        """An engine on the instance's database, for reading what the server wrote."""
        from sqlalchemy import create_engine

        from config import normalise_database_url

        url = normalise_database_url(self.database_url) if self.database_url else None
        return create_engine(url or f"sqlite:///{self.path / 'arm.sqlite'}")

    def flask(self, *arguments: str, quiet: bool = False) -> None:
        subprocess.run(  # nosec B603
            [str(BIN / "flask"), *arguments],
            cwd=ROOT,
            env=self.environment(),
            check=True,
            stdout=subprocess.DEVNULL if quiet else None,
        )


def prepared(scale: float, database_url: str | None = None, reuse: bool = True) -> Instance:
    """An instance holding bench data at `scale`, made once and kept in bench/cache (SQLite) unless `reuse` is off.

    A PostgreSQL database is always refilled: it must exist and be empty or hold only earlier bench data.
    """
    instance = Instance(CACHE / (f"scale-{scale:g}" + ("-pg" if database_url else "")), database_url)
    ready = instance.path / "bench-ready"
    if reuse and ready.exists() and not database_url:
        instance.flask("db", "upgrade", quiet=True)  # a cache made before the latest migrations follows them
        return instance
    instance.path.mkdir(parents=True, exist_ok=True)
    (instance.path / "arm.sqlite").unlink(missing_ok=True)
    if database_url:
        _empty_postgresql(database_url)
    instance.flask("db", "upgrade", quiet=True)
    instance.flask("arm", "bench-data", "--scale", f"{scale:g}")
    ready.touch()
    return instance


def _empty_postgresql(url: str) -> None:
    from sqlalchemy import create_engine, text

    from config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    base_url: str

    def kill(self) -> None:
        """SIGKILL to gunicorn and its workers at once: a crash, not a shutdown."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@contextmanager
def gunicorn(instance: Instance, workers: int = 2, port: int | None = None, timeout: float = 30):
    """gunicorn on loopback with `workers` sync workers; stopped (or found killed) when the block ends."""
    base_url = f"http://{HOST}:{port or free_port()}"
    process = _start_gunicorn(instance, base_url, workers)
    server = Server(process, base_url)
    try:
        wait_until_up(base_url, timeout, process)
        yield server
    finally:
        stop(server.process)  # after a crash and restart, the one running now


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def restart(server: Server, instance: Instance, workers: int = 2) -> subprocess.Popen:
    """A new gunicorn on the same port after a kill."""
    server.process = _start_gunicorn(instance, server.base_url, workers)
    wait_until_up(server.base_url, 30, server.process)
    return server.process


STARTED: list[subprocess.Popen] = []  # every gunicorn this process started, for the test that none outlives its run


def _start_gunicorn(instance: Instance, base_url: str, workers: int) -> subprocess.Popen:
    """gunicorn in a session of its own, so that a kill reaches the master and its workers at once."""
    bind = base_url.removeprefix("http://")
    process = subprocess.Popen(  # nosec B603
        [
            *(str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--workers", str(workers)),
            *("--bind", bind, "--log-level", "warning", "run:app"),
        ],
        cwd=ROOT,
        env=instance.environment(ARM_PUBLIC_BASE_URL=base_url),
        start_new_session=True,
    )
    STARTED.append(process)
    return process


def wait_until_up(base_url: str, timeout: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/login", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s")


def csrf_token(page: str) -> str:
    match = CSRF_FIELD.search(page)
    if match is None:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1) or match.group(2)


def sign_in(client: httpx.Client, email: str, password: str) -> None:
    token = csrf_token(client.get("/login").text)
    response = client.post("/login", data={"csrf_token": token, "email": email, "password": password})
    if response.status_code != 302:
        raise RuntimeError(f"signing in as {email} answered {response.status_code}")
