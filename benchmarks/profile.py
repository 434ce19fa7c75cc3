"""Where a page's time goes: pyinstrument over `--requests` requests to one path, served in this process by the
app on a bench instance (the one `make bench` keeps in bench/cache), signed in as the bench coordinator.

    python -m benchmarks.profile /cases/1/my-actions [--scale 1] [--as member] [--requests 20] [--html out.html]

The path may hold `{case}`, `{subgroup}`, `{long_action}`, `{draft_report}` and `{submitted_report}`: the
benchmark's own targets at that scale.
"""

import argparse
import os
import time

from pyinstrument import Profiler

from benchmarks.run import targets
from benchmarks.server import HOST, prepared

BASE_URL = f"http://{HOST}"  # the one trusted host of a bench instance


def app_for(instance):
    os.environ.update(instance.environment())
    from arm import create_app

    return create_app()


def signed_in_client(app, account: str):
    from arm.cases.bench import BENCH_COORDINATOR, BENCH_MEMBER, BENCH_PASSWORD

    client = app.test_client()
    if account != "anonymous":
        app.config["WTF_CSRF_ENABLED"] = False
        email = BENCH_COORDINATOR if account == "coordinator" else BENCH_MEMBER
        response = client.post("/login", base_url=BASE_URL, data={"email": email, "password": BENCH_PASSWORD})
        if response.status_code != 302:
            raise RuntimeError(f"signing in as {email} answered {response.status_code}")
        app.config["WTF_CSRF_ENABLED"] = True
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--as", dest="account", choices=("coordinator", "member", "anonymous"), default="coordinator")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--html", help="write pyinstrument's HTML report here instead of printing text")
    arguments = parser.parse_args()

    instance = prepared(arguments.scale)
    app = app_for(instance)  # first: the configuration reads the instance's folder when it is imported
    found = targets(instance)
    path = arguments.path.format(
        case=found["case_id"],
        subgroup=found["subgroup_id"],
        long_action=found["long_action_id"],
        draft_report=found["draft_report_id"],
        submitted_report=found["submitted_report_id"],
    )
    client = signed_in_client(app, arguments.account)
    for _ in range(3):
        client.get(path, base_url=BASE_URL)
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(arguments.requests):
            status = client.get(path, base_url=BASE_URL).status_code
    elapsed = (time.perf_counter() - started) / arguments.requests * 1000
    print(f"{path}: {status}, {elapsed:.1f} ms a request in this process (profiler on)")
    if arguments.html:
        with open(arguments.html, "w") as out:
            out.write(profiler.output_html())
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=bool(os.environ.get("ARM_PROFILE_ALL"))))


if __name__ == "__main__":
    main()
