"""The scheduler: its three jobs, the `flask arm scheduler` command, ARM_SCHEDULER, the account's digest
checkbox. No real blocking scheduler is started here."""

import re

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

import config
from arm.extensions import db
from arm.notify.scheduler import JOB_IDS, build_scheduler
from tests.conftest import sign_in


@pytest.mark.parametrize("blocking", [True, False])
def test_build_scheduler_registers_the_three_jobs(app, blocking):
    scheduler = build_scheduler(app, blocking=blocking)
    assert isinstance(scheduler, BlockingScheduler if blocking else BackgroundScheduler)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == set(JOB_IDS)
    for job in jobs.values():
        assert job.coalesce is True and job.max_instances == 1
    digests = jobs["weekly-digests"].trigger
    assert isinstance(digests, CronTrigger)
    assert str(digests.timezone) == "Europe/Helsinki"
    fields = {field.name: str(field) for field in digests.fields}
    assert (fields["day_of_week"], fields["hour"], fields["minute"]) == ("mon", "7", "0")
    assert not scheduler.running


def test_a_job_runs_in_the_app_context_and_logs_its_failure(app, monkeypatch, caplog):
    from arm.notify import jobs

    def broken(now):
        raise RuntimeError("rikki")

    broken.__name__ = "send_meeting_papers"
    monkeypatch.setattr(jobs, "send_meeting_papers", broken)
    scheduler = build_scheduler(app, blocking=False)
    scheduler.get_job("meeting-papers").func()  # what the scheduler calls, outside any request
    assert "Scheduled job send_meeting_papers failed" in caplog.text


def test_the_scheduler_command_has_help(runner):
    result = runner.invoke(args=["arm", "scheduler", "--help"])
    assert result.exit_code == 0
    assert "Run the scheduler" in result.output


def test_arm_scheduler_setting(monkeypatch):
    monkeypatch.setenv("ARM_SCHEDULER", "Off")
    assert config._scheduler_mode("inprocess") == "off"
    monkeypatch.delenv("ARM_SCHEDULER")
    assert config._scheduler_mode("inprocess") == "inprocess"
    assert config.DevelopmentConfig.SCHEDULER == "inprocess"
    assert config.TestConfig.SCHEDULER == "off"
    monkeypatch.setenv("ARM_SCHEDULER", "sometimes")
    with pytest.raises(config.ConfigurationError, match="ARM_SCHEDULER must be one of inprocess, off"):
        config._scheduler_mode("off")
    monkeypatch.setenv("ARM_SEND_MAX_ATTEMPTS", "0")
    with pytest.raises(config.ConfigurationError, match="ARM_SEND_MAX_ATTEMPTS must be 1 or more"):
        config._env_positive_int("ARM_SEND_MAX_ATTEMPTS", 6)


def test_the_in_process_scheduler_starts_with_the_first_request_only(app, config_class, monkeypatch):
    from arm import create_app
    from arm.notify import scheduler as module

    started = []

    class Recording:
        def start(self):
            started.append(self)

    monkeypatch.setattr(module, "build_scheduler", lambda app, blocking: Recording())
    monkeypatch.setattr(module.atexit, "register", lambda function: None)
    in_process = create_app(type("InProcessConfig", (config_class,), {"SCHEDULER": "inprocess"}))
    assert started == []  # building the app, as `flask db upgrade` does, starts nothing
    with in_process.app_context():
        client = in_process.test_client()
        assert client.get("/login").status_code == 200
        client.get("/login")
    assert len(started) == 1
    create_app(config_class).test_client().get("/login")  # ARM_SCHEDULER=off
    assert len(started) == 1


def test_a_member_turns_the_digest_off_on_the_account_page(client, case_with_network):
    user = case_with_network.member
    sign_in(client, user)
    page = client.get("/account").get_data(as_text=True)
    checkbox = re.search(r"<input[^>]*name=\"weekly_digest\"[^>]*>", page)[0]
    assert "checked" in checkbox  # on by default
    data = {"name": user.name, "job_title": "", "phone": "", "locale": "fi"}
    response = client.post("/account", data=data)
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.weekly_digest is False
    response = client.post("/account", data={**data, "weekly_digest": "y"})
    db.session.refresh(user)
    assert user.weekly_digest is True
