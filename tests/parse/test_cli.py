"""``python -m harvester parse``, run as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

from tests.support.parsing import SEED_NAMES, SEEDS, seed_truth, values_of

ROOT = Path(__file__).resolve().parents[2]


def run_parse(*paths: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "harvester", "parse", *paths], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def test_one_json_line_per_file_and_bad_files_do_not_stop_the_rest(tmp_path):
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.4 this is not really a pdf")
    paths = [str(SEEDS / f"{name}.txt") for name in SEED_NAMES]
    result = run_parse(paths[0], str(tmp_path / "missing.txt"), str(garbage), *paths[1:])
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 7
    assert lines[1]["checks"][0]["severity"] == "error"
    assert lines[2]["checks"] and lines[2]["checks"][0]["severity"] == "error"
    good = [lines[0], *lines[3:]]
    for name, report in zip(SEED_NAMES, good, strict=True):
        assert report["source"].endswith(f"{name}.txt")
        assert values_of(report) == values_of(seed_truth(name))


def test_usage_errors():
    result = run_parse()
    assert result.returncode != 0
    assert "PATH" in result.stderr
