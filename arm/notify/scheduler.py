"""APScheduler for the jobs in arm/notify/jobs.py.

In development the scheduler runs inside the web server (ARM_SCHEDULER=inprocess, the default there); in
production it is a process of its own, `flask arm scheduler`. Any number of either may run at once: each send
is recorded in the database before it goes out (arm/notify/sending.py), so it goes out once.
"""

import atexit
import threading

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from arm.meetings.times import HELSINKI
from arm.notify import jobs

JOB_IDS = ("meeting-papers", "weekly-digests", "send-sweeper")


def _in_context(app: Flask, job):
    def run() -> None:
        with app.app_context():
            jobs.run_job(job)

    run.__name__ = job.__name__
    return run


def build_scheduler(app: Flask, blocking: bool) -> BackgroundScheduler | BlockingScheduler:
    """The scheduler with its three jobs added, not started. A run that finds the previous one still going
    is skipped, and runs missed while the scheduler was down are made up by one."""
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(timezone=HELSINKI)
    once = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600, "replace_existing": True}
    every = IntervalTrigger(minutes=app.config["SCHEDULER_INTERVAL_MINUTES"], timezone=HELSINKI)
    scheduler.add_job(_in_context(app, jobs.send_meeting_papers), every, id=JOB_IDS[0], name="Meeting papers", **once)
    scheduler.add_job(
        _in_context(app, jobs.send_weekly_digests),
        CronTrigger(day_of_week="mon", hour=7, minute=0, timezone=HELSINKI),
        id=JOB_IDS[1],
        name="Weekly digests",
        # A digest that could not go out by noon waits for the next Monday rather than arriving mid-week.
        **{**once, "misfire_grace_time": 5 * 3600},
    )
    scheduler.add_job(_in_context(app, jobs.sweep), every, id=JOB_IDS[2], name="Send sweeper", **once)
    return scheduler


_started_lock = threading.Lock()


def register_scheduler(app: Flask) -> None:
    """ARM_SCHEDULER=inprocess: start a background scheduler in the process that serves the first request.

    Not in create_app itself: `flask db upgrade` and the other commands build the app too, and with the
    reloader (`flask run --debug`) the watching parent process builds it without ever serving; only the
    child (WERKZEUG_RUN_MAIN=true) does.
    """
    if app.config["SCHEDULER"] != "inprocess":
        return
    state = {"started": False}

    @app.before_request
    def start_scheduler() -> None:
        if state["started"]:
            return
        with _started_lock:
            if state["started"]:
                return
            state["started"] = True
            scheduler = build_scheduler(app, blocking=False)
            scheduler.start()
            atexit.register(lambda: scheduler.shutdown(wait=False))
            app.logger.info("Scheduler started in-process (ARM_SCHEDULER=inprocess)")
