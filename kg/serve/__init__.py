"""A local read-only server of the site, the graph and the stored queries (`kg serve`).

state.py            what is served, opened once: the open graph, its things, the site, limits
app.py              the Starlette application: routes, the request log, the static site
ids.py              /id/<rest>: an IRI negotiated (HTML page, Turtle, JSON-LD, N-Triples)
sparql_protocol.py  /sparql: the SPARQL 1.1 Protocol, read-only, SERVICE refused
api.py              /api: the stored queries with their parameters, and the OpenAPI document
answer.py           one query run and written as the client asked (in a query process)
runner.py           the query processes: each query killed at the time limit
results.py          SPARQL results (JSON, XML, CSV, TSV) and triples, cut at a number of rows
negotiate.py        an Accept header against what is offered
run.py              listen, serve with uvicorn until Ctrl-C
"""
