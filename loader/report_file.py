"""Reading a report file with bounds: a regular file of at most MAX_REPORT_BYTES, checked before it is read.

`load /dev/zero` read without end (18 GB before the kernel killed it) and a directory or a FIFO gave a confusing
error or none: now anything that is not a regular file, or is larger than the limit, is a ReportError (exit
code 7) raised before a byte is read, so a failed load leaves the previous graph as it was. The file is opened
non-blocking (a FIFO with no writer does not hang the open) and read at most limit + 1 bytes (a file that grows
while it is read is still cut off).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from smals_graph.graph_model.errors import ReportError

__all__ = ["MAX_REPORT_BYTES", "read_report_bytes"]

MAX_REPORT_BYTES = 50 * 1024 * 1024  # the bundled report is 0.6 MB; a report 80 times larger is not a report

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def read_report_bytes(path: Path) -> bytes:
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError as exc:
        raise ReportError("not a regular file (a directory): give the report's text file", source=source) from exc
    except OSError as exc:
        raise ReportError(f"cannot read file: {exc.strerror or exc}", source=source) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
            raise ReportError(f"not a regular file ({kind}): give the report's text file", source=source)
        if info.st_size > MAX_REPORT_BYTES:
            raise ReportError(f"too large: {info.st_size:,} bytes, more than the {MAX_REPORT_BYTES:,} a report "
                              "may have", source=source)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_REPORT_BYTES and (chunk := os.read(fd, min(1 << 20, MAX_REPORT_BYTES + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_REPORT_BYTES:
            raise ReportError(f"too large: more than the {MAX_REPORT_BYTES:,} bytes a report may have",
                              source=source)
        return b"".join(chunks)
    except OSError as exc:
        raise ReportError(f"cannot read file: {exc.strerror or exc}", source=source) from exc
    finally:
        os.close(fd)
