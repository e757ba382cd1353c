"""The transport adapters a session mounts: the paced, counted and capped one, or the offline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kg.errors import HttpFailure
from kg.http.body import read_capped
from kg.http.pacing import Pacer


class PacedAdapter(HTTPAdapter):
    """Paces requests per host, counts those sent, and reads each body up to the cap."""

    def __init__(self, pacer: Pacer, max_body_bytes: int, retry: Retry) -> None:
        super().__init__(max_retries=retry)
        self.pacer = pacer
        self.max_body_bytes = max_body_bytes
        self.sent = 0

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send `request` once its host's pace allows; return the answer with its body read."""
        self.pacer.wait(request.url or "")
        self.sent += 1
        response = super().send(
            request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        try:
            read_capped(response, self.max_body_bytes)
        except BaseException:
            response.close()
            raise
        return response


class OfflineAdapter(HTTPAdapter):
    """Refuses to send: the offline session's guarantee that nothing leaves the machine."""

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Raise an HttpFailure marked `offline`: the answer was not in the cache."""
        raise HttpFailure("offline, and not in the cache", url=request.url or "", offline=True)
