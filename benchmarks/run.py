"""`make bench`: each main page's SQL statements and latency at two scales, against a baseline route.

For every scale (0.1 and 1 by default) an instance is filled with `flask arm bench-data` (kept in bench/cache
for the next run), gunicorn serves it on loopback with two workers, and one signed-in client asks each page
`--requests` times, one request at a time: what is timed is the page's own cost, not a queue. The statements
come from the X-ARM-Statements header of the same responses. Results go to bench/results.json and to the
table in BENCHMARKS.md; the budgets are reported, never enforced (a noisy machine must not fail a build).

    python -m benchmarks.run [--scales 0.1 1] [--requests 50] [--database-url postgresql://…] [--fresh]
"""

import argparse
import importlib
import json
import os
import platform
import statistics
import subprocess  # nosec B404: asks git for the commit
import time
from datetime import UTC, datetime

import httpx
from sqlalchemy import func, select

from benchmarks.server import ROOT, Instance, gunicorn, prepared, sign_in

RESULTS = ROOT / "bench" / "results.json"
REPORT = ROOT / "BENCHMARKS.md"
MARK_START, MARK_END = "<!-- bench:results -->", "<!-- /bench:results -->"
WARM_UP = 3
BUDGET_STATEMENTS = 15
# Pages allowed more: the dashboard's panels (the reasons are in tests/cases/test_queries.py), and a draft report,
# which builds each of its eleven sections live, each in its own fixed number of statements (1 to 9), 41 in all.
DRAFT_REPORT_STATEMENTS = 41
BUDGET_STATEMENTS_OF = {
    "case dashboard": 20,
    "draft report, built live": DRAFT_REPORT_STATEMENTS,
    "draft report as PDF": DRAFT_REPORT_STATEMENTS,
    "draft report as DOCX": DRAFT_REPORT_STATEMENTS,
    "draft report as XLSX": DRAFT_REPORT_STATEMENTS,
}
BUDGET_BASELINE_RATIO = 3.0
BUDGET_GROWTH = 1.3
# Files built whole in the request: a time of their own instead of a multiple of the baseline page.
BUDGET_FILE_SECONDS = {
    "plan as XLSX": 2.0,
    "agenda as PDF": 2.0,
    "minutes as DOCX": 1.0,
    # Every section built live, then 28 A4 pages laid out by WeasyPrint at S = 0.1: measured (issue 13) about 5 s
    # for its 430 table rows, 2 s for its seven charts and 3 s for the rest. A report is printed seldom.
    "draft report as PDF": 12.0,
    "draft report as DOCX": 2.0,
    "draft report as XLSX": 2.0,
}


def pages(targets: dict) -> list[tuple[str, str, str]]:
    """(name, account, path) of every page measured; `account` is "coordinator" or "member"."""
    case = f"/cases/{targets['case_id']}"
    meeting = f"{case}/meetings/{targets['meeting_id']}"
    return [
        ("baseline route", "anonymous", "/_bench/baseline"),
        ("case dashboard", "coordinator", case),
        ("network", "coordinator", f"{case}/network"),
        ("my actions", "member", f"{case}/my-actions"),
        ("action plan", "coordinator", f"{case}/plan"),
        ("action plan, filtered", "coordinator", f"{case}/plan?status=ONGOING&subgroup={targets['subgroup_id']}"),
        ("plan by category", "coordinator", f"{case}/plan/categories"),
        ("timeline", "coordinator", f"{case}/plan/timeline"),
        ("funding", "coordinator", f"{case}/funding"),
        ("resources", "coordinator", f"{case}/resources"),
        ("risk register", "coordinator", f"{case}/risks"),
        ("risk register, one heat map cell", "coordinator", f"{case}/risks?likelihood=3&impact=4&status=active"),
        ("history, page 1", "coordinator", f"{case}/history"),
        ("history, page 500", "coordinator", f"{case}/history?page=500"),
        ("action with 500 updates", "coordinator", f"{case}/actions/{targets['long_action_id']}"),
        ("plan as CSV", "coordinator", f"{case}/plan/export.csv"),
        ("plan as XLSX", "coordinator", f"{case}/plan/export.xlsx"),
        ("communications plan", "coordinator", f"{case}/comms"),
        ("communications calendar", "coordinator", f"{case}/comms/calendar"),
        ("meetings", "coordinator", f"{case}/meetings"),
        ("meeting with a full agenda", "coordinator", f"{meeting}"),
        ("meeting papers' options", "coordinator", f"{meeting}/papers"),
        ("agenda as PDF", "coordinator", f"{meeting}/agenda.pdf"),
        ("minutes as DOCX", "coordinator", f"{meeting}/minutes.docx"),
        # issue 13: overview
        ("national view", "coordinator", "/overview"),
        ("public case page", "anonymous", f"/public/cases/{targets['case_id']}"),
        # issue 13: outcomes
        ("outputs", "coordinator", f"{case}/outputs"),
        ("outputs, one kind, page 2", "coordinator", f"{case}/outputs?kind=EVENT_PARTICIPANTS&page=2"),
        ("laid-off cohort", "coordinator", f"{case}/cohort"),
        # issue 13: progress (jobs)
        ("job ledger", "coordinator", f"{case}/jobs"),
        ("job ledger, realised and verified", "coordinator", f"{case}/jobs?kind=REALISED&verified=yes"),
        ("job ledger, page 3", "coordinator", f"{case}/jobs?page=3"),
        ("company projects", "coordinator", f"{case}/company-projects"),
        ("development grants", "coordinator", f"{case}/development-grants"),
        # issue 13: situation
        ("situation picture", "coordinator", f"{case}/situation"),
        # issue 13: reports (a draft builds every section on each request; a submitted one reads its snapshot)
        ("reports", "coordinator", f"{case}/reports"),
        ("draft report, built live", "coordinator", f"{case}/reports/{targets['draft_report_id']}"),
        ("submitted report", "coordinator", f"{case}/reports/{targets['submitted_report_id']}"),
        ("submitted report as JSON", "coordinator", f"{case}/reports/{targets['submitted_report_id']}/export.json"),
        ("draft report as PDF", "coordinator", f"{case}/reports/{targets['draft_report_id']}/export.pdf"),
        ("draft report as DOCX", "coordinator", f"{case}/reports/{targets['draft_report_id']}/export.docx"),
        ("draft report as XLSX", "coordinator", f"{case}/reports/{targets['draft_report_id']}/export.xlsx"),
    ]


def targets(instance: Instance) -> dict:
    """The big case, a subgroup of it, its action with most updates and its latest meeting of those with most
    agenda items that have minutes (held, with a full agenda).

    The big case is the bench coordinator's case with most actions: at S = 0.1 every case has 200 actions, and
    a count alone would let the database pick any of them (PostgreSQL picked one the accounts are not in).
    """
    from arm import CASE_AREAS
    from arm.auth.models import User
    from arm.cases.bench import BENCH_COORDINATOR
    from arm.cases.models import Membership
    from arm.meetings.models import AgendaItem
    from arm.plans.models import Action, ActionUpdate, Subgroup

    # Every area's models, as the app has them: a relationship names its class by a string that another area
    # defines (CommsItem.service is a SupportService), and the first query configures all the mappers.
    for area in CASE_AREAS:
        importlib.import_module(f"{area}.models")
    engine = instance.engine()
    with engine.connect() as connection:
        coordinators_cases = (
            select(Membership.case_id).join(User, User.id == Membership.user_id).where(User.email == BENCH_COORDINATOR)
        )
        case_id = connection.scalar(
            select(Action.case_id)
            .where(Action.case_id.in_(coordinators_cases))
            .group_by(Action.case_id)
            .order_by(func.count().desc(), Action.case_id)
            .limit(1)
        )
        subgroup_id = connection.scalar(select(func.min(Subgroup.id)).where(Subgroup.case_id == case_id))
        long_action_id = connection.scalar(
            select(ActionUpdate.action_id)
            .where(ActionUpdate.case_id == case_id)
            .group_by(ActionUpdate.action_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        meeting_id = connection.scalar(
            select(AgendaItem.meeting_id)
            .where(AgendaItem.case_id == case_id, AgendaItem.meeting_id.is_not(None), AgendaItem.minutes != "")
            .group_by(AgendaItem.meeting_id)
            .order_by(func.count().desc(), AgendaItem.meeting_id.desc())
            .limit(1)
        )
        # issue 13: reports
        from arm.reports.models import Report, ReportStatus

        draft_report_id, submitted_report_id = (
            connection.scalar(select(func.max(Report.id)).where(Report.case_id == case_id, Report.status == status))
            for status in (ReportStatus.DRAFT, ReportStatus.SUBMITTED)
        )
    engine.dispose()
    return {
        "case_id": case_id,
        "subgroup_id": subgroup_id,
        "long_action_id": long_action_id,
        "meeting_id": meeting_id,
        # issue 13: reports
        "draft_report_id": draft_report_id,
        "submitted_report_id": submitted_report_id,
    }


def measure(client: httpx.Client, path: str, requests: int) -> dict:
    for _ in range(WARM_UP):
        client.get(path)
    timings, statements, statuses = [], set(), set()
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        statements.add(int(response.headers.get("X-ARM-Statements", "-1")))
        statuses.add(response.status_code)
    timings.sort()
    return {
        "path": path,
        "status": sorted(statuses),
        "statements": sorted(statements),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 2),
        "requests": requests,
    }


def run_scale(scale: float, requests: int, database_url: str | None, reuse: bool) -> dict:
    from arm.cases.bench import BENCH_COORDINATOR, BENCH_MEMBER, BENCH_PASSWORD

    instance = prepared(scale, database_url, reuse)
    found = targets(instance)
    results = {}
    with gunicorn(instance) as server:
        clients = {
            name: httpx.Client(base_url=server.base_url, timeout=60) for name in ("anonymous", "coordinator", "member")
        }
        try:
            sign_in(clients["coordinator"], BENCH_COORDINATOR, BENCH_PASSWORD)
            sign_in(clients["member"], BENCH_MEMBER, BENCH_PASSWORD)
            for name, account, path in pages(found):
                results[name] = measure(clients[account], path, requests)
                print(f"  S={scale:g} {name:<26} {results[name]['median_ms']:>8.1f} ms  {results[name]['statements']}")
        finally:
            for client in clients.values():
                client.close()
    baseline = results["baseline route"]["median_ms"]
    for row in results.values():
        row["baseline_ratio"] = round(row["median_ms"] / baseline, 2) if baseline else None
    return {"scale": scale, "targets": found, "pages": results}


def machine() -> dict:
    return {
        "system": f"{platform.system()} {platform.release()}",
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def commit() -> str:
    result = subprocess.run(  # nosec B603 B607: git from PATH, fixed arguments
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def budgets(runs: list[dict]) -> list[str]:
    """What missed a budget, in words (empty: every budget held)."""
    missed = []
    for run in runs:
        at = f"S={run['scale']:g}"
        for name, row in run["pages"].items():
            if row["status"] != [200]:
                missed.append(f"{name} at {at}: answered {row['status']} (a page that fails is not measured)")
            budget = BUDGET_STATEMENTS_OF.get(name, BUDGET_STATEMENTS)
            if max(row["statements"]) > budget:
                missed.append(f"{name} at {at}: {max(row['statements'])} statements (budget {budget})")
            ratio = row["baseline_ratio"]
            if name != "baseline route" and ratio and ratio > BUDGET_BASELINE_RATIO:
                missed.append(f"{name} at {at}: {ratio} × the baseline (budget {BUDGET_BASELINE_RATIO})")
        for name, budget in BUDGET_FILE_SECONDS.items():
            seconds = run["pages"][name]["median_ms"] / 1000
            if seconds > budget:
                missed.append(f"{name} at {at}: {seconds:.2f} s (budget {budget} s)")
    small, large = runs[0], runs[-1]
    for name, row in large["pages"].items() if len(runs) > 1 else ():
        before = small["pages"][name]
        if row["statements"] != before["statements"]:
            missed.append(f"{name}: {before['statements']} statements, then {row['statements']} at the larger scale")
        growth = row["median_ms"] / before["median_ms"] if before["median_ms"] else 0
        if growth > BUDGET_GROWTH:
            missed.append(f"{name}: its median grew {growth:.2f} × with the scale (budget {BUDGET_GROWTH})")
    return missed


def table(report: dict) -> str:
    runs = report["runs"]
    small, large = runs[0], runs[-1]
    computer = report["machine"]
    header = (
        f"Machine: {computer['system']}, {computer['cpus']} CPUs, Python {computer['python']}; "
        f"database: {report['database']}; commit `{report['commit']}`; {report['date']}; "
        f"{report['requests']} requests a page, one at a time, through gunicorn (2 workers) on loopback.\n\n"
    )
    scales = " | ".join(
        f"S={run['scale']:g} statements | S={run['scale']:g} median ms | p95 ms | × baseline" for run in runs
    )
    lines = [f"| page | {scales} | growth |", "|---" * (1 + 4 * len(runs) + 1) + "|"]
    for name in large["pages"]:
        cells = []
        for run in runs:
            row = run["pages"][name]
            statements = "/".join(str(count) for count in row["statements"])
            cells.append(f"{statements} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | {row['baseline_ratio']:.2f}")
        growth = (
            large["pages"][name]["median_ms"] / small["pages"][name]["median_ms"]
            if small["pages"][name]["median_ms"]
            else 0
        )
        lines.append(f"| {name} | {' | '.join(cells)} | {growth:.2f} |")
    missed = report["budgets_missed"]
    verdict = "Every budget held." if not missed else "Budgets missed:\n\n" + "\n".join(f"- {line}" for line in missed)
    return header + "\n".join(lines) + "\n\n" + verdict + "\n"


def write_report(report: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    text = REPORT.read_text() if REPORT.exists() else f"# Benchmarks\n\n{MARK_START}\n{MARK_END}\n"
    before, rest = text.split(MARK_START, 1)
    _, after = rest.split(MARK_END, 1)
    REPORT.write_text(f"{before}{MARK_START}\n{table(report)}{MARK_END}{after}")


def run(
    scales: list[float], requests: int, database_url: str | None = None, reuse: bool = True, write: bool = True
) -> dict:
    runs = [run_scale(scale, requests, database_url, reuse) for scale in scales]
    report = {
        "machine": machine(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "database": "PostgreSQL" if database_url else "SQLite (WAL)",
        "requests": requests,
        "runs": runs,
        "budgets_missed": budgets(runs),
    }
    if write:
        write_report(report)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database-url", help="PostgreSQL instead of SQLite (an empty database, refilled)")
    parser.add_argument("--fresh", action="store_true", help="refill the cached SQLite instances")
    arguments = parser.parse_args()
    report = run(arguments.scales, max(arguments.requests, 1), arguments.database_url, reuse=not arguments.fresh)
    print(table(report))


if __name__ == "__main__":
    main()
