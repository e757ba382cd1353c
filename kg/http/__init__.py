"""The HTTP layer under every client of an outside service (the registries, SPARQL endpoints).

    settings   HttpSettings, and the readers of its values in a configuration section
    session    open_session: one configured session (cache, User-Agent, retries, pace, cap)
    cache      the on-disk answer cache: how old an answer is, when it was given
    retry      the retry policy: which statuses, what backoff, how long a Retry-After may be
    pacing     at least so many seconds between the starts of two requests to one host
    body       reading a body up to a cap, whatever its Content-Length says
    adapters   the transport adapters: the paced and capped one, and the offline one
    failures   send: one request, every way it fails translated once into an HttpFailure

It imports nothing of kirjasto-kg but `kg.errors` and `kg.excerpts`; what a service demands of
its clients (a contact in the User-Agent, its URLs, a deadline) is the client's business.
"""
