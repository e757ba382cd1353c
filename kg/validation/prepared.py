"""An rdflib graph that parses each SPARQL text once, for pyshacl's data graphs.

    graph = PreparedQueryGraph()   # an rdflib.Graph in every other respect
    pyshacl.validate(graph, ...)

pyshacl runs a SPARQL-based constraint once per focus node, with the same text and the focus
node bound (`initBindings`), and rdflib parses the text each time: on the project's money and
identity shapes the parsing is most of pyshacl's time. rdflib runs a prepared query
(`rdflib.plugins.sparql.prepareQuery`) with any bindings on any graph, so the graph keeps the
prepared form of every text it is asked, for every graph of the process. Only the plain calls
are prepared (the SPARQL processor, the graph's own prefixes, no other option), which are the
ones pyshacl makes; any other call goes to rdflib as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import rdflib
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor, Result
from rdflib.term import Identifier


@lru_cache(maxsize=512)
def _prepared(text: str, prefixes: tuple[tuple[str, str], ...]) -> Query:
    return prepareQuery(text, initNs=dict(prefixes))


class PreparedQueryGraph(rdflib.Graph):
    """An rdflib graph whose SPARQL texts are parsed once per process, not once per query."""

    def query(
        self,
        query_object: str | Query,
        processor: str | Processor = "sparql",
        result: str | type[Result] = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 (rdflib's own name)
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        """Query the graph as rdflib does; a plain SPARQL text is parsed only the first time."""
        if isinstance(query_object, str) and processor == "sparql" and not initNs and not kwargs:
            # rdflib reads a text's prefixes from the graph's own when it is given none.
            prefixes = tuple(sorted((prefix, str(iri)) for prefix, iri in self.namespaces()))
            query_object = _prepared(query_object, prefixes)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )
