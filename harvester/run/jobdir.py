"""Making ``JOBDIR`` safe for harvests that get killed, and for harvests that run every month.

Scrapy's ``JOBDIR`` keeps the pending requests and the fingerprints of every request seen, so a
crawl paused with Ctrl-C resumes where it stopped. Two cases break it:

- A crawl killed outright (SIGKILL, a crash, a reboot) never writes the queue's state
  (``requests.queue/active.json``) while its seen-fingerprints survive: on restart the requests
  that were pending are neither queued nor allowed again, and their reports are lost.
- A crawl that finished leaves every fingerprint behind: the next month's crawl with the same
  ``JOBDIR`` would find nothing.

:class:`JobDirGuard` clears the job state in both cases before the scheduler reads it, so the
crawl starts again from the portal's lists; documents already stored are then recognised by the
store and cost nothing but the fetch (or a ``304`` with the HTTP cache). A crawl paused
cleanly, or closed by its timeout, keeps its state and resumes.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.utils.job import job_dir

logger = logging.getLogger(__name__)

FINISHED_MARKER = "harvest-finished"


def stale_reason(jobdir: Path) -> str | None:
    """Why the job state in ``jobdir`` must not be resumed, or None if it may be."""
    if (jobdir / FINISHED_MARKER).exists():
        return "the crawl that left it finished"
    started = (jobdir / "requests.seen").exists() or (jobdir / "requests.queue").exists()
    if started and not (jobdir / "requests.queue" / "active.json").exists():
        return "the crawl that left it was killed before it could save its queue"
    return None


class JobDirGuard:
    """Does nothing for a crawl without ``JOBDIR`` (rather than raise NotConfigured, which
    Scrapy would log as a warning on every such crawl)."""

    def __init__(self, jobdir: Path | None) -> None:
        self.jobdir = jobdir

    @classmethod
    def from_crawler(cls, crawler):
        jobdir = job_dir(crawler.settings)
        guard = cls(Path(jobdir) if jobdir else None)
        if guard.jobdir is not None:
            guard.clear_stale_state()
            crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def clear_stale_state(self) -> None:
        reason = stale_reason(self.jobdir)
        if reason:
            logger.warning("JOBDIR %s cleared: %s; crawling again from the start",
                           self.jobdir, reason)
            shutil.rmtree(self.jobdir)
            self.jobdir.mkdir(parents=True)

    def spider_closed(self, spider, reason: str) -> None:
        if reason == "finished":
            (self.jobdir / FINISHED_MARKER).touch()
