"""What a storage error is: a fault of the disk or the database, not of the document.

A document that does not parse is a document with a check; a document that cannot be written is
a harvest that cannot go on. On a full disk every later write fails the same way, so a crawl that
meets a storage error stops (finish reason and health verdict :data:`STORAGE_ERROR`) instead of
failing every remaining document, and the harvest exits non-zero.

Storage errors are SQLite's own (the disk or database is full, the file is read-only, locked
beyond the busy timeout, an I/O error or a file that cannot be opened) and the operating system's
on the document store (no space, a file too large for its limit, a read-only file system, no
permission).
"""

from __future__ import annotations

import errno
import sqlite3

STORAGE_ERROR = "storage_error"

_SQLITE_ERRORS = ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_LOCKED",
                  "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM")
_OS_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM,
              errno.EIO}


def is_storage_error(error: BaseException) -> bool:
    if isinstance(error, sqlite3.Error):
        # An extended name (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED) begins with its class.
        name = getattr(error, "sqlite_errorname", "") or ""
        return name.startswith(_SQLITE_ERRORS)
    return isinstance(error, OSError) and error.errno in _OS_ERRORS
