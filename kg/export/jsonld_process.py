"""Both JSON-LD documents of a release, written by a Python process of its own.

    process = JsonLdProcess.start(union, context, whole, framed)   the process runs
    process.wait()      both files are written, or OutputError says why not
    process.stop()      the process is gone (killed if it still ran), whatever happened

    python -m kg.export.jsonld_process UNION WHOLE FRAMED < context.json   the process itself

JSON-LD is Python all through and the slowest format of a release (6.8 of 15.5 s on 10,000
records): a second core writes it while this one writes the rest. The process is a fresh
interpreter started by command, so it neither inherits this one's threads (a store's) nor
re-imports the caller's main module, as multiprocessing's ways of starting one do.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg.errors import KgError, OutputError
from kg.export.jsonld import Json, write_documents


class JsonLdProcess:
    """A running `python -m kg.export.jsonld_process`, and what it writes."""

    def __init__(self, process: subprocess.Popen[bytes], whole: Path) -> None:
        self._process = process
        self._whole = whole

    @classmethod
    def start(cls, union: Path, context: Json, whole: Path, framed: Path) -> JsonLdProcess:
        """Start writing the documents of the sorted N-Triples file `union` (as write_documents)."""
        command = [sys.executable, "-m", __name__, str(union), str(whole), str(framed)]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdin is not None
        try:
            process.stdin.write(json.dumps(context).encode("utf-8"))
            process.stdin.close()
        except OSError:  # it ended already; wait() tells why
            pass
        return cls(process, whole)

    def wait(self) -> None:
        """Wait until both documents are written; OutputError with the process's last words."""
        assert self._process.stderr is not None
        errors = self._process.stderr.read()  # to its end: the process has ended
        if self._process.wait() != 0:
            lines = errors.decode("utf-8", "replace").strip().splitlines()
            why = lines[-1] if lines else f"exit status {self._process.returncode}"
            raise OutputError(f"writing JSON-LD failed: {why}", where=str(self._whole.parent))

    def stop(self) -> None:
        """End the process if it still runs, and reap it."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stderr is not None:
            self._process.stderr.close()


def main(arguments: list[str]) -> int:
    """Write the documents: arguments UNION WHOLE FRAMED, the @context as JSON on stdin."""
    union, whole, framed = (Path(argument) for argument in arguments)
    context = json.load(sys.stdin.buffer)
    try:
        write_documents(union, context, whole, framed)
    except (KgError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
