"""The schema.org part of a thing's description, as the JSON-LD a page embeds for search engines.

    embedded(triples)   -> Markup for <script type="application/ld+json">, or None: no part

Only the statements whose property is schema.org's (and the schema.org types) are taken, each
subject a node of one `@graph` under `@vocab` schema.org: nothing is added to the data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg.vocab import RDF, SCHEMA, XSD

CONTEXT = {"@vocab": SCHEMA.iri}
_STRING = XSD.string


def schema_nodes(triples: Iterable[Triple]) -> list[dict[str, Any]]:
    """Return the JSON-LD nodes of the schema.org statements of `triples`, in their order."""
    nodes: dict[str, dict[str, Any]] = {}
    for subject, predicate, obj in triples:
        if predicate == RDF.type:
            if not (isinstance(obj, NamedNode) and obj.value.startswith(SCHEMA.iri)):
                continue
            node = _node(nodes, subject)
            node.setdefault("@type", []).append(obj.value[len(SCHEMA.iri) :])
            continue
        if not predicate.value.startswith(SCHEMA.iri):
            continue
        node = _node(nodes, subject)
        node.setdefault(predicate.value[len(SCHEMA.iri) :], []).append(_value(obj))
    return [
        {
            key: value[0] if isinstance(value, list) and len(value) == 1 else value
            for key, value in node.items()
        }
        for node in nodes.values()
    ]


def embedded(triples: Iterable[Triple]) -> Markup | None:
    """Return the schema.org nodes of `triples` as the text of a JSON-LD script element.

    `<` is written as its JSON escape, so no text of the data can end the script element.
    """
    nodes = schema_nodes(triples)
    if not nodes:
        return None
    document = {"@context": CONTEXT, "@graph": nodes}
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))


def _node(nodes: dict[str, dict[str, Any]], subject: object) -> dict[str, Any]:
    key = _reference(subject)
    node = nodes.get(key)
    if node is None:
        node = nodes[key] = {"@id": key}
    return node


def _reference(term: object) -> str:
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    assert isinstance(term, NamedNode)
    return term.value


def _value(obj: object) -> Any:
    if isinstance(obj, NamedNode | BlankNode):
        return {"@id": _reference(obj)}
    assert isinstance(obj, Literal)
    if obj.language:
        return {"@value": obj.value, "@language": obj.language}
    if obj.datatype == _STRING:
        return obj.value
    return {"@value": obj.value, "@type": obj.datatype.value}
