r"""What a one-line message shows of a text that can be of any length.

    quote("a" * 100_000)          -> "'aaa…'": the repr of at most EXCERPT characters
    first_line("\n  error: x\n")  -> "error: x": the first line that is not blank, cut short

Every error and warning line quotes a value or another program's words through these, so that
no input makes a message longer than a line.
"""

from __future__ import annotations

EXCERPT = 80  # characters of a value quoted in a message
FIRST_LINE = 200  # characters of another program's words (an endpoint's, a registry's)


def quote(text: str, limit: int = EXCERPT) -> str:
    """Return `repr(text)` when it has at most `limit` characters between its quotes.

    Else the repr of the longest beginning of `text` that fits, with an ellipsis: what a
    message quotes of a value that can be a line of a million characters (or of NBSPs, whose
    repr is four characters each).
    """
    if len(text) <= limit and len(repr(text)) <= limit + 2:
        return repr(text)
    low, high = 0, min(len(text), limit)
    while low < high:  # the longest beginning whose repr fits: a binary search
        middle = (low + high + 1) // 2
        if len(repr(text[:middle] + "…")) <= limit + 2:
            low = middle
        else:
            high = middle - 1
    return repr(text[:low] + "…")


def first_line(text: str, limit: int = FIRST_LINE) -> str:
    """Return the first line of `text` that is not blank, stripped, cut to `limit` characters."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"
