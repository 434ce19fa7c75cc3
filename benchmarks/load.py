"""`make loadtest`: a mixed workload against gunicorn on loopback, then a check that no acknowledged write is lost.

Three runs on one instance filled with bench data:

1. closed loop: `--users` virtual users for `--seconds`, each sending its next request as soon as the last
   one answered (no think time): 80 % page views, 20 % progress updates with a unique note. This measures
   throughput and what queueing does to latency (Little's law: in-flight = rate × time in system);
2. open loop: requests sent at a fixed offered `--rate` whatever the answers, latency counted from the moment
   each was due, so that a slow server cannot hide its queue (no coordinated omission);
3. crash: the closed loop again with `--crash-users`, gunicorn killed with SIGKILL halfway and started again.

After each run every update the server acknowledged (a redirect after the POST) must be in the database, and
after the crash the database passes its integrity check. Traffic stays on 127.0.0.1; every loop ends by time.

    python -m benchmarks.load [--scale 0.1] [--users 50] [--seconds 60] [--rate 20] [--database-url …]
"""

import argparse
import asyncio
import json
import random
import re
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
from sqlalchemy import select, text

from benchmarks.server import ROOT, Instance, gunicorn, prepared, restart

RESULTS = ROOT / "bench" / "loadtest.json"
UPDATE_SHARE = 0.2
INPUT = re.compile(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"')


@dataclass
class Account:
    email: str
    case_id: int
    action_ids: list[int]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"view": [], "update": []})
    acknowledged: list[str] = field(default_factory=list)
    server_errors: int = 0
    conflicts: int = 0
    refused: int = 0  # transport errors: the server was down (the crash run) or the connection was dropped

    def summary(self, seconds: float) -> dict:
        def stats(values: list[float]) -> dict:
            if not values:
                return {"count": 0}
            values = sorted(values)
            return {
                "count": len(values),
                "p50_ms": round(statistics.median(values), 1),
                "p95_ms": round(values[max(0, int(len(values) * 0.95) - 1)], 1),
                "max_ms": round(values[-1], 1),
            }

        total = sum(len(values) for values in self.latencies.values())
        return {
            "requests": total,
            "per_second": round(total / seconds, 1),
            "views": stats(self.latencies["view"]),
            "updates": stats(self.latencies["update"]),
            "all": stats(self.latencies["view"] + self.latencies["update"]),
            "acknowledged_updates": len(self.acknowledged),
            "server_errors": self.server_errors,
            "conflicts": self.conflicts,
            "refused": self.refused,
        }


def accounts(instance: Instance, how_many: int) -> list[Account]:
    """People who own actions, each with the actions they own (one account per virtual user)."""
    from arm.auth.models import User
    from arm.cases.models import Membership
    from arm.plans.models import Action

    engine = instance.engine()
    with engine.connect() as connection:
        rows = connection.execute(
            select(User.email, Action.case_id, Action.id)
            .join(Membership, Membership.id == Action.owner_id)
            .join(User, User.id == Membership.user_id)
            .where(Membership.ended_on.is_(None))
            .order_by(User.id, Action.id)
        ).all()
    engine.dispose()
    found: dict[str, Account] = {}
    for email, case_id, action_id in rows:
        account = found.setdefault(email, Account(email, case_id, []))
        if account.case_id == case_id:
            account.action_ids.append(action_id)
    return list(found.values())[:how_many]


def view_path(account: Account, rng: random.Random) -> str:
    case = f"/cases/{account.case_id}"
    action = f"{case}/actions/{rng.choice(account.action_ids)}"
    return rng.choice([case, f"{case}/my-actions", f"{case}/plan", action, f"{case}/meetings"])


async def update(client: httpx.AsyncClient, account: Account, rng: random.Random, tally: Tally, run_id: str) -> None:
    """Open an action, post its progress form with a unique note; a redirect is the server's acknowledgement."""
    action_id = rng.choice(account.action_ids)
    path = f"/cases/{account.case_id}/actions/{action_id}"
    page = await timed(client, "GET", path, tally=tally, kind="view")
    if page is None or page.status_code != 200:
        return
    form = page.text.split(f'action="{path}/progress"', 1)
    if len(form) < 2:
        return
    fields = dict(INPUT.findall(form[1].split("</form>", 1)[0]))
    note = f"load {run_id} {uuid.uuid4().hex}"
    data = {name: value for name, value in fields.items() if name in {"csrf_token", "version", "loaded"}}
    data.update(status="ONGOING", progress=str(rng.randrange(5, 100, 5)), note=note)
    response = await timed(client, "POST", f"{path}/progress", tally=tally, kind="update", data=data)
    if response is None:
        return
    if response.status_code == 302:
        tally.acknowledged.append(note)
    elif response.status_code in (200, 409, 422):
        tally.conflicts += 1


async def timed(client, method, path, *, tally: Tally, kind: str, data=None, due: float | None = None):
    started = due if due is not None else time.perf_counter()
    try:
        response = await client.request(method, path, data=data)
    except httpx.TransportError:
        tally.refused += 1
        return None
    tally.latencies[kind].append((time.perf_counter() - started) * 1000)
    if response.status_code >= 500:
        tally.server_errors += 1
    return response


async def signed_in_clients(base_url: str, chosen: list[Account], password: str) -> list[httpx.AsyncClient]:
    from benchmarks.server import csrf_token

    clients = []
    for account in chosen:
        client = httpx.AsyncClient(base_url=base_url, timeout=30)
        token = csrf_token((await client.get("/login")).text)
        response = await client.post("/login", data={"csrf_token": token, "email": account.email, "password": password})
        if response.status_code != 302:
            raise RuntimeError(f"signing in as {account.email} answered {response.status_code}")
        clients.append(client)
    return clients


async def closed_loop(base_url: str, chosen: list[Account], seconds: float, run_id: str, crash=None) -> Tally:
    from arm.cases.bench import BENCH_PASSWORD

    tally = Tally()
    clients = await signed_in_clients(base_url, chosen, BENCH_PASSWORD)
    deadline = time.perf_counter() + seconds

    async def user(index: int) -> None:
        rng = random.Random(index)
        client, account = clients[index], chosen[index]
        while time.perf_counter() < deadline:
            refused_before = tally.refused
            if rng.random() < UPDATE_SHARE:
                await update(client, account, rng, tally, run_id)
            else:
                await timed(client, "GET", view_path(account, rng), tally=tally, kind="view")
            if tally.refused > refused_before:
                await asyncio.sleep(0.05)  # the server is down: do not spin

    tasks = [asyncio.create_task(user(index)) for index in range(len(clients))]
    if crash is not None:
        await asyncio.sleep(seconds / 2)
        await asyncio.to_thread(crash)
    await asyncio.gather(*tasks)
    for client in clients:
        await client.aclose()
    return tally


async def open_loop(base_url: str, chosen: list[Account], seconds: float, rate: float, run_id: str) -> Tally:
    """Requests due at a fixed rate, spread over the users in turn; in flight at most 20 × the rate."""
    from arm.cases.bench import BENCH_PASSWORD

    tally = Tally()
    clients = await signed_in_clients(base_url, chosen, BENCH_PASSWORD)
    rng = random.Random(7)
    start = time.perf_counter()
    in_flight = asyncio.Semaphore(max(1, int(rate * 20)))
    tasks = []

    async def one(index: int, due: float) -> None:
        async with in_flight:
            account = chosen[index % len(chosen)]
            client = clients[index % len(clients)]
            if rng.random() < UPDATE_SHARE:
                await update(client, account, rng, tally, run_id)
            else:
                await timed(client, "GET", view_path(account, rng), tally=tally, kind="view", due=due)

    for index in range(int(seconds * rate)):
        due = start + index / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        tasks.append(asyncio.create_task(one(index, due)))
    await asyncio.gather(*tasks)
    for client in clients:
        await client.aclose()
    return tally


def lost_updates(instance: Instance, notes: list[str]) -> int:
    """How many acknowledged notes are not in the database."""
    from arm.plans.models import ActionUpdate

    engine = instance.engine()
    with engine.connect() as connection:
        stored = set(connection.scalars(select(ActionUpdate.note).where(ActionUpdate.note.in_(notes))))
    engine.dispose()
    return sum(note not in stored for note in notes)


def integrity(instance: Instance) -> str:
    """SQLite's integrity check, or on PostgreSQL that every table can be read through (pg_amcheck where it is)."""

    engine = instance.engine()
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            result = connection.scalar(text("PRAGMA integrity_check"))
        else:
            from arm.extensions import db

            for table in db.metadata.sorted_tables:
                connection.execute(select(text("count(*)")).select_from(table))
            result = "ok (every table read)"
    engine.dispose()
    return str(result)


@dataclass(frozen=True)
class Plan:
    scale: float = 0.1
    users: int = 50
    crash_users: int = 30
    seconds: float = 60
    rate: float = 20
    database_url: str | None = None


def run(plan: Plan) -> dict:
    instance = prepared(plan.scale, plan.database_url, reuse=True)
    chosen = accounts(instance, max(plan.users, plan.crash_users))
    report = {
        "plan": plan.__dict__ | {"database_url": None},
        "database": "PostgreSQL" if plan.database_url else "SQLite (WAL)",
    }
    runs = report["runs"] = {}
    with gunicorn(instance) as server:
        tally = _run(closed_loop(server.base_url, chosen[: plan.users], plan.seconds, _run_id()))
        runs["closed loop"] = tally.summary(plan.seconds) | {"lost": lost_updates(instance, tally.acknowledged)}
        tally = _run(open_loop(server.base_url, chosen[: plan.users], plan.seconds, plan.rate, _run_id()))
        runs["open loop"] = tally.summary(plan.seconds) | {"lost": lost_updates(instance, tally.acknowledged)}

        def crash() -> None:
            server.kill()
            restart(server, instance)

        tally = _run(closed_loop(server.base_url, chosen[: plan.crash_users], plan.seconds, _run_id(), crash=crash))
        runs["crash"] = tally.summary(plan.seconds) | {
            "lost": lost_updates(instance, tally.acknowledged),
            "integrity": integrity(instance),
        }
    return report


def _run(coroutine):
    """Run `coroutine` on an event loop of its own, in a thread of its own: the caller may already be inside
    a running loop (a test process where Playwright's sync API keeps one), where asyncio.run refuses."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _run_id() -> str:
    return uuid.uuid4().hex[:8]


def main(argv: list[str] | None = None) -> int:
    """The command: writes bench/loadtest.json and exits 1 when a run lost an update or answered a 5xx."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=Plan.scale)
    parser.add_argument("--users", type=int, default=Plan.users)
    parser.add_argument("--crash-users", type=int, default=Plan.crash_users)
    parser.add_argument("--seconds", type=float, default=Plan.seconds)
    parser.add_argument("--rate", type=float, default=Plan.rate, help="offered requests a second in the open loop")
    parser.add_argument("--database-url", help="PostgreSQL instead of SQLite (an empty database, refilled)")
    arguments = parser.parse_args(argv)
    plan = Plan(
        scale=arguments.scale,
        users=max(arguments.users, 1),
        crash_users=max(arguments.crash_users, 1),
        seconds=min(max(arguments.seconds, 1), 600),
        rate=max(arguments.rate, 0.1),
        database_url=arguments.database_url,
    )
    report = run(plan)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    failed = [name for name, result in report["runs"].items() if result["lost"] or result["server_errors"]]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
