"""One request, and every way it can fail translated once into our words (an HttpFailure).

    response = send(session, "GET", url, timeout=(5, 30), params={...})
        -> the answer, whatever its status; or HttpFailure, its `reason` one of
           "cannot connect within 5 s (connect timeout)"       no_connection
           "no answer within 30 s (read timeout)"
           "the connection failed (Connection refused)"         no_connection if none was made
           "the request failed (...)"                           anything else requests raises
           and what the adapters say: a body too big, offline and not in the cache
    status_text(response)   -> "404 NOT FOUND: the first line of the body"

The clients add what they are (an EndpointError, a registry's LookupFailure) around the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import requests
from urllib3.exceptions import ConnectTimeoutError, ProtocolError, ReadTimeoutError
from urllib3.exceptions import HTTPError as Urllib3Error

from kg.errors import HttpFailure
from kg.excerpts import first_line


def send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    timeout: tuple[float, float],
    **options: Any,
) -> requests.Response:
    """Make one request with `session`; return its answer or raise an HttpFailure naming `url`.

    `timeout` is (seconds to connect, seconds to wait for the next bytes); `options` go to
    `session.request` as they are.
    """
    try:
        return session.request(method, url, timeout=timeout, **options)
    except HttpFailure:
        raise
    except (requests.RequestException, Urllib3Error) as exc:
        raise failure(exc, url, timeout) from exc


def failure(error: BaseException, url: str, timeout: tuple[float, float]) -> HttpFailure:
    """Return the HttpFailure of a requests or urllib3 `error` of a request to `url`."""
    connect, read = timeout
    if isinstance(error, requests.ConnectTimeout):
        return HttpFailure(
            f"cannot connect within {connect:g} s (connect timeout)", url=url, no_connection=True
        )
    if isinstance(error, requests.ReadTimeout) or caused_by(error, ReadTimeoutError):
        return HttpFailure(f"no answer within {read:g} s (read timeout)", url=url)
    if isinstance(error, requests.ConnectionError | ProtocolError):
        # A refused or unresolved host is a ConnectTimeoutError deep down in urllib3.
        return HttpFailure(
            f"the connection failed ({os_reason(error)})",
            url=url,
            no_connection=caused_by(error, ConnectTimeoutError),
        )
    return HttpFailure(f"the request failed ({first_line(str(error))})", url=url)


def status_text(response: requests.Response) -> str:
    """Return an error answer's status and the first line of its body: `404 NOT FOUND: ...`."""
    status = f"{response.status_code} {response.reason or ''}".strip()
    said = first_line(response.text) if response.content else ""
    return status + (f": {said}" if said else "")


def caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Return whether `error` is, or wraps at any depth, an exception of `kind`."""
    return any(isinstance(linked, kind) for linked in _linked(error))


def os_reason(error: BaseException) -> str:
    """Return the operating system's words for a failed connection ('Connection refused')."""
    for linked in _linked(error):
        if isinstance(linked, OSError) and linked.strerror:
            return linked.strerror
    text = str(error)
    match = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
    return match.group(1).strip() if match else first_line(text)


def _linked(error: BaseException) -> Iterator[BaseException]:
    """Yield `error` and every exception it wraps (args, `reason`, cause, context), once each.

    requests and urllib3 nest the operating system's error several levels deep, by any of
    these links.
    """
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
        for attribute in ("reason", "__cause__", "__context__"):
            linked = getattr(current, attribute, None)
            if isinstance(linked, BaseException):
                todo.append(linked)
