"""Reading an answer's body up to a cap (decoded bytes), whatever its Content-Length says."""

from __future__ import annotations

import requests

from kg.errors import HttpFailure

_CHUNK = 64 * 1024


def read_capped(response: requests.Response, cap: int) -> None:
    """Read the body into `response` (decoded), or raise HttpFailure if it is over `cap` bytes.

    A bigger answer is not read on: neither a declared Content-Length over the cap, nor a
    body (chunked, or compressed) that grows past it. urllib3's errors while reading pass
    through, for `kg.http.failures` to translate.
    """
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > cap:
        raise _too_big(response, f"{int(length)} bytes by its Content-Length", cap)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.raw.stream(_CHUNK, decode_content=True):
        size += len(chunk)
        if size > cap:
            raise _too_big(response, f"more than {cap} bytes", cap)
        chunks.append(chunk)
    # requests reads `content` from these two once a body was consumed; setting them is how a
    # body read by other means is handed to it.
    response._content = b"".join(chunks)
    response._content_consumed = True  # type: ignore[attr-defined]  # requests' own, not typed


def _too_big(response: requests.Response, size: str, cap: int) -> HttpFailure:
    return HttpFailure(
        f"the answer is too big ({size}; max_body_bytes is {cap}); not read",
        url=response.url or "",
    )
