"""The scheduling files in deploy/ say what they mean: valid calendar expressions, cron lines
of five fields, and commands that exist."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def cron_lines() -> list[list[str]]:
    lines = (DEPLOY / "harvester.cron").read_text(encoding="utf-8").splitlines()
    return [line.split(None, 5) for line in lines if line.strip() and not line.startswith("#")]


def test_cron_lines_have_five_time_fields_and_run_the_harvest():
    entries = cron_lines()
    assert len(entries) == 2
    for minute, hour, day, month, weekday, command in entries:
        assert re.fullmatch(r"\d+", minute) and re.fullmatch(r"\d+", hour)
        assert re.fullmatch(r"[\d,\-*]+", day) and re.fullmatch(r"[\d,\-*]+", month)
        assert weekday == "*"
        assert "python -m harvester harvest" in command and "flock -n" in command
    # Report season (January to April) twice a month; the rest of the year monthly.
    assert [entry[2:4] for entry in entries] == [["1,15", "1-4"], ["1", "5-12"]]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_timer_calendars_are_valid():
    timer = (DEPLOY / "harvester.timer").read_text(encoding="utf-8")
    calendars = re.findall(r"^OnCalendar=(.+)$", timer, re.MULTILINE)
    assert len(calendars) == 2
    result = subprocess.run(["systemd-analyze", "calendar", *calendars], capture_output=True,
                            text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Next elapse") == 2


def test_service_runs_the_harvest_command_with_a_shard():
    service = (DEPLOY / "harvester.service").read_text(encoding="utf-8")
    [exec_start] = re.findall(r"^ExecStart=(.+)$", service, re.MULTILINE)
    arguments = exec_start.split()
    assert arguments[1:4] == ["-m", "harvester", "harvest"]
    assert "--shard" in arguments
    help_text = subprocess.run([sys.executable, "-m", "harvester", "harvest", "--help"],
                               cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    for option in (argument for argument in arguments if argument.startswith("--")):
        assert option in help_text.stdout
