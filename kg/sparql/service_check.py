r"""Whether a SPARQL query calls another endpoint (a SERVICE clause), decided before it runs.

    service_use(text)      -> ServiceUse: calls True, False, or None when no reader could read it
    read_parse_tree(text)  -> ServiceUse as rdflib's parser reads the text
    read_tokens(text)      -> ServiceUse as kg's tokens read it

pyoxigraph (0.5) has no switch to keep a query from the network: Oxigraph calls every SERVICE
it evaluates. So the text is read before it runs, twice, by independent readers, and a query
is taken for one without SERVICE only when every reader that can read it finds none:

- rdflib's SPARQL 1.1 parser: its parse tree holds a ServiceGraphPattern for every SERVICE,
  however deep (a subquery, FILTER EXISTS, an expression of the projection or of ORDER BY).
  It cannot read some legal queries (it takes the `#` of `ex:a\#`, and a `#` in a string or
  an IRI before a SERVICE, for a comment) and reads the `\u0053ERVICE` escapes of SPARQL 1.1
  section 19.2;
- kg's own tokens (`kg.sparql.lexer`), of the text as Oxigraph reads it and, when the text has
  `\u` escapes, as a server that replaces them reads it. Any word that holds `service`, in any
  case, counts, and so does a prefix that does (`SERVICE:x`), as Oxigraph's parser takes the
  keyword from the start of `SERVICE:x`, `SERVICEx:y` or `SERVICESILENT`; words in strings,
  IRIs, comments, variables and local names (`schema:Service`, `?service`) do not.

A text that neither reader can read is `None`: the caller refuses it unless told otherwise.
A text whose tokens read it and which has neither the letters of `service` (in any case) nor
a `\u` or `\U` escape cannot name SERVICE for any reader: rdflib's parser (0.4 s to load
and run in a new process) is not asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.apart import run_apart
from kg.sparql.lexer import Token, tokenize, unescape

_SERVICE = re.compile("service", re.IGNORECASE)


@dataclass(frozen=True)
class ServiceUse:
    """What the readings found: `calls` None when none could read the text; where, if known."""

    calls: bool | None
    line: int | None = None  # the first SERVICE the tokens found, counted from 1
    unreadable: str = ""  # why rdflib could not read the text (its words), when calls is None


@lru_cache(maxsize=256)
def service_use(text: str) -> ServiceUse:
    """Read `text` (a whole query, its parameters bound) for SERVICE clauses; see the module."""
    readings = [read_tokens(text)]
    unescaped = unescape(text)
    if unescaped != text:
        readings.append(read_tokens(unescaped))
    elif readings[0].calls is False and not _SERVICE.search(text):
        return ServiceUse(False)  # no escapes, no such letters: nothing can spell SERVICE
    parsed = read_parse_tree(text)
    found = [reading for reading in [*readings, parsed] if reading.calls]
    if found:
        return ServiceUse(True, line=next((r.line for r in found if r.line), None))
    if all(reading.calls is None for reading in [*readings, parsed]):
        return ServiceUse(None, unreadable=parsed.unreadable)
    return ServiceUse(False)


def read_tokens(text: str) -> ServiceUse:
    """Read `text` as kg's tokens: SERVICE at its first line, or None if a token is astray."""
    tokens = tokenize(text)
    for token in tokens:
        if _names_service(token):
            return ServiceUse(True, line=text.count("\n", 0, token.start) + 1)
    if any(token.kind == "error" for token in tokens):
        return ServiceUse(None)
    return ServiceUse(False)


def _names_service(token: Token) -> bool:
    if token.kind == "word":
        return _SERVICE.search(token.text) is not None
    if token.kind == "pname":
        return _SERVICE.search(token.text.partition(":")[0]) is not None
    return False


def read_parse_tree(text: str) -> ServiceUse:
    """Read `text` with rdflib's SPARQL parser: a ServiceGraphPattern anywhere in its tree.

    The parser runs apart (`kg.apart`): its exceptions' reference cycles would otherwise keep
    the caller's frames, and what they hold (an open store), alive.
    """
    outcome = run_apart(lambda: _parse_tree_reading(text))
    return outcome if outcome is not None else ServiceUse(None, unreadable="the parser stopped")


def _parse_tree_reading(text: str) -> ServiceUse:
    # Imported here: building rdflib's grammar takes a noticeable while, and most commands
    # never check a query.
    from pyparsing import ParseBaseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        return ServiceUse(None, unreadable=f"line {exc.lineno}, column {exc.col}: {exc.msg}")
    except Exception as exc:  # whatever else stops this reader, it has not read the text
        return ServiceUse(None, unreadable=str(exc) or type(exc).__name__)
    todo: list[object] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return ServiceUse(True)
            todo.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            todo.extend(node)
    return ServiceUse(False)
