"""``python -m harvester parse``, run as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

from harvester.demo.docformats import to_xls
from tests.support.harvest import make_report
from tests.support.parsing import SEED_NAMES, SEEDS, seed_text, seed_truth, values_of

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


def test_stdout_holds_only_the_json_lines_whatever_a_reader_library_prints(tmp_path):
    """xlrd prints "WARNING *** file size (...) not 512 + multiple of sector size" on a cut
    XLS file, on stdout unless told otherwise (#16)."""
    report = make_report("浑江区教育局", 2022)
    whole = to_xls(report)
    cut, good = tmp_path / "cut.xls", tmp_path / "good.xls"
    cut.write_bytes(whole[:len(whole) // 2])
    good.write_bytes(whole)
    result = run_parse(str(cut), str(good))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    assert [c["check"] for c in lines[0]["checks"]] == ["unreadable"]
    assert (lines[1]["agency"], lines[1]["year"]) == ("浑江区教育局", 2022)
    assert values_of(lines[1]) == values_of(report)
    assert "sector size" in result.stderr


def test_a_summary_of_what_was_read_goes_to_stderr(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "004.txt").write_bytes((SEEDS / "004.txt").read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    result = run_parse(*sorted(str(path) for path in folder.iterdir()))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2  # stdout: the JSON lines, nothing more
    summary = result.stderr.strip().splitlines()[-1]
    # 004 (韶关市武江区人民政府 2021), read whole and without checks: section 二 has 10 values
    # (规章 and 行政规范性文件 three each, 许可, 处罚, 强制, 收费 one each), section 三 25 rows
    # of 7 columns, section 四 three proceedings of 5 outcomes: 200, and its agency and year.
    # The broken PDF reads nothing, with one error check (unreadable).
    assert summary == ("parse: files 2, reports read 1, fields read 202, "
                       "checks error 1, warning 0, info 0")


def test_a_file_over_the_cap_is_not_even_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as sparse:  # 51 MB that take no disk
        sparse.truncate(51 * 1024 * 1024)
    result = run_parse(str(huge))
    assert result.returncode == 0, result.stderr
    [report] = [json.loads(line) for line in result.stdout.splitlines()]
    assert [c["check"] for c in report["checks"]] == ["too_large"]
    assert result.stderr.strip().splitlines()[-1] == (
        "parse: files 1, reports read 0, fields read 0, checks error 1, warning 0, info 0")


def test_a_folder_is_parsed_file_by_file(tmp_path):
    folder = tmp_path / "reports"
    (folder / "2023").mkdir(parents=True)
    (folder / "2023" / "004.txt").write_bytes(seed_text("004"))
    (folder / "001.txt").write_bytes(seed_text("001"))
    (folder / ".hidden.txt").write_bytes(seed_text("001"))
    run = subprocess.run([sys.executable, "-m", "harvester", "parse", str(folder)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    sources = [json.loads(line)["source"] for line in run.stdout.splitlines()]
    assert sources == [str(folder / "001.txt"), str(folder / "2023" / "004.txt")]
    assert "files 2, reports read 2" in run.stderr
