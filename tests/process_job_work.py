"""A module tests/test_process_job.py runs as a process: it does what its payload asks."""

from __future__ import annotations

import sys
import time
from typing import Any

from kg.errors import QueryParameterError
from kg.process_job import serve


def _work(payload: dict[str, Any]) -> Any:
    asked = payload["do"]
    if asked == "echo":
        return payload["value"]
    if asked == "chat":
        print("a word on standard output")
        return "heard"
    if asked == "refuse":
        raise QueryParameterError('"x" is not a year', where="-p year")
    if asked == "read":
        with open(payload["path"], "rb") as missing:
            return len(missing.read())
    if asked == "wait":
        time.sleep(60)
    raise RuntimeError(f"a bug: {asked}")


if __name__ == "__main__":
    sys.exit(serve(_work))
