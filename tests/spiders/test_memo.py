"""The page memo recalls a reading only for the very bytes, listing and code it was made of."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import time
from pathlib import Path

from harvester.parse import recognize, vocabulary
from harvester.parse.recognize import Recognition
from spiders import memo, page
from spiders.memo import PageMemo, code_version

ROOT = Path(__file__).resolve().parents[2]
URL = "http://www.qinghe.test/zwgk/202301/t20230115_1.html"
LISTING = {"title": "清河县2022年政府信息公开工作年度报告", "date": "2023-01-15"}
READING = (Recognition(True, "清河县2022年政府信息公开工作年度报告", 2022, "清河县人民政府",
                       "2023-01-15", checks=[{"check": "year_mismatch", "severity": "warning"}]),
           [page.Attachment(f"{URL[:-5]}.pdf", "年报.pdf", "pdf")])


def test_a_reading_comes_back_whole(tmp_path):
    memo = PageMemo(tmp_path / "pages.sqlite", "v1")
    key = memo.key(URL, b"<html>page</html>", LISTING)
    memo.put(key, READING)
    memo.close()
    assert PageMemo(tmp_path / "pages.sqlite", "v1").get(key) == READING


def test_other_bytes_another_listing_or_other_code_read_the_page_again(tmp_path):
    memo = PageMemo(tmp_path / "pages.sqlite", "v1")
    memo.put(memo.key(URL, b"<html>page</html>", LISTING), READING)
    assert memo.get(memo.key(URL, b"<html>page, corrected</html>", LISTING)) is None
    assert memo.get(memo.key(URL, b"<html>page</html>", {**LISTING, "date": "2023-02-01"})) \
        is None
    assert memo.get(memo.key(URL.replace("_1", "_2"), b"<html>page</html>", LISTING)) is None
    memo.close()
    newer = PageMemo(tmp_path / "pages.sqlite", "v2")
    assert newer.get(newer.key(URL, b"<html>page</html>", LISTING)) is None
    # The older code's readings are gone, not kept for ever.
    assert newer.connection.execute("SELECT count(*) FROM readings").fetchone()[0] == 0


def test_the_code_version_follows_the_reading_code(monkeypatch):
    version = code_version.__wrapped__()
    assert version is not None and version == code_version.__wrapped__()
    real = inspect.getsource
    monkeypatch.setattr(memo.inspect, "getsource",
                        lambda module: real(module) + ("#" if module is recognize else ""))
    assert code_version.__wrapped__() not in (None, version)


def test_a_label_recognition_never_reads_keeps_the_readings(monkeypatch):
    """Editing a table row's label in vocabulary.py (its text and its value) does not throw
    the readings of every page away."""
    version = code_version.__wrapped__()
    real = inspect.getsource
    monkeypatch.setattr(memo.inspect, "getsource", lambda obj: real(obj).replace(
        "（七）总计", "（七）合计") if obj is vocabulary else real(obj))
    monkeypatch.setattr(vocabulary, "REVIEW_FIELD_LABELS",
                        {**vocabulary.REVIEW_FIELD_LABELS, "total": "合计"})
    assert code_version.__wrapped__() == version


def test_a_word_recognition_reads_changes_the_code_version(monkeypatch):
    version = code_version.__wrapped__()
    monkeypatch.setattr(vocabulary, "LOOK_ALIKE_WORDS", (*vocabulary.LOOK_ALIKE_WORDS, "公示"))
    assert code_version.__wrapped__() not in (None, version)
    monkeypatch.undo()
    # compact() is read as code together with the table it reads.
    monkeypatch.setattr(vocabulary, "_COMPACT_TABLE", {**vocabulary._COMPACT_TABLE, ord("·"): None})
    assert code_version.__wrapped__() not in (None, version)


def test_every_crawl_process_computes_the_same_code_version():
    """The parallel crawls of a harvest share the memo: the version must not depend on a
    process's string hashing, which orders a set of words differently in each."""
    script = ("from harvester.parse import vocabulary; from spiders.memo import code_version, "
              "vocabulary_read; vocabulary.WORD_SET = frozenset('通知要点指南目录制度规定办法'); "
              "print(code_version(), vocabulary_read(['from harvester.parse.vocabulary import "
              "WORD_SET']))")
    outputs = {subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                              text=True, env={**os.environ, "PYTHONHASHSEED": seed},
                              check=True).stdout for seed in ("1", "2", "3")}
    assert len(outputs) == 1
    assert outputs.pop().split()[0] == code_version.__wrapped__()


def test_crawls_starting_together_share_a_new_memo(tmp_path):
    """Parallel crawl processes open the same new memo file at the same moment; SQLite refuses
    the loser of the switch to WAL at once, which must not cost the loser its crawl."""
    start = time.time() + 2
    script = ("import sys, time; from pathlib import Path; from spiders.memo import PageMemo; "
              f"time.sleep(max(0, {start} - time.time())); "
              "PageMemo(Path(sys.argv[1]), 'v1').close(); print('opened')")
    processes = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "memo.sqlite")],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(3)]
    results = [process.communicate(timeout=60) for process in processes]
    assert [out.strip() for out, _ in results] == ["opened"] * 3, [err for _, err in results]
