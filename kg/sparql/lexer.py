r"""SPARQL query text as tokens, cut where a SPARQL 1.1 parser cuts it.

    tokenize(text)  -> [Token]: every character of `text` in exactly one token, in order
    mask(text)      -> `text` with comments blanked and the insides of strings and IRIs
                       unreadable, of the same length (positions stay positions)
    unescape(text)  -> `text` with its \u and \U code point escapes replaced (SPARQL 1.1, 19.2)

The terminals are those of the SPARQL 1.1 grammar (section 19.8): the four kinds of strings
with their escapes, IRIs, comments to the end of the line (a line ends at CR or LF), prefixed
names whose local part may hold escapes such as `\#`, variables, numbers, words (keywords).
What SPARQL 1.2 adds (`<<`, `>>`, `{|`, `|}`, `~`, `@en--ltr`) is read as punctuation.

The one terminal that needs its context is `<`: the start of an IRI where a term may stand,
the less-than operator after an operand inside an expression. So `FILTER(1<2)SERVICE:x#>`
holds a comparison, a keyword, a prefixed name and a comment, not one IRI. Brackets are
followed to know which parentheses hold an expression. A character no token begins with, or
a bracket that closes nothing, is an `error` token, so a caller can refuse what it cannot read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = rf"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']"
_STRING = (
    rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*"""'
    rf"|'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''"
    rf'|"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*"'
    rf"|'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'"
)
_TERMINALS = (
    ("ws", r"[ \t\r\n]+"),
    ("comment", r"#[^\r\n]*"),
    ("string", _STRING),
    ("var", rf"[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
    ("bnode", rf"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?"),
    ("pname", rf"(?:{_PREFIX})?:(?:{_LOCAL})?"),
    (
        "number",
        r"[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+",
    ),
    ("word", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("punct", r"\^\^|&&|\|\||!=|<=|>=|<<|>>|\{\||\|\}|[{}()\[\].,;*/|^!=<>+\-?~]"),
)
_TOKEN = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _TERMINALS))
_IRIREF = re.compile(rf'<(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>')
_LESS_THAN = re.compile(r"<=?")
_CODE_POINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_OPENERS = {"{": "}", "{|": "|}", "(": ")", "[": "]"}
_CLOSERS = frozenset(_OPENERS.values())
_OPERAND_KINDS = frozenset({"var", "iri", "pname", "string", "langtag", "number", "bnode"})
_OPERAND_ENDS = frozenset({")", "]", ">>", "true", "false"})
_TERM_LIST_WORDS = frozenset({"a", "values"})  # `?s a (1 2)`, `VALUES (?x ?y)`
# Words that change what a parenthesis after them, at the same level, holds.
_CLAUSES = {
    "select": "select",  # `SELECT (expr AS ?v)`
    "group": "modifiers",  # `GROUP BY (expr)`, `ORDER BY ...`, `HAVING (...)`
    "order": "modifiers",
    "having": "modifiers",
    "where": "pattern",
    "limit": "pattern",
    "offset": "pattern",
    "values": "pattern",
    "construct": "pattern",
    "describe": "pattern",
    "ask": "pattern",
}


@dataclass(frozen=True)
class Token:
    """One token: its kind (`ws`, `comment`, `string`, `iri`, `var`, `word`, ...), text, offset."""

    kind: str
    text: str
    start: int

    @property
    def significant(self) -> bool:
        """Tell whether the token means something to a parser (not a space or a comment)."""
        return self.kind not in ("ws", "comment")


@dataclass
class _Level:
    """An open bracket: what closes it, whether it holds an expression, the clause within."""

    closer: str
    expression: bool
    clause: str = "pattern"


def tokenize(text: str) -> list[Token]:
    """Return the tokens of `text`, every character in one of them (see the module's text)."""
    tokens: list[Token] = []
    levels = [_Level(closer="", expression=False)]
    recent: list[Token] = []  # the last two significant tokens
    position = 0
    while position < len(text):
        token = _next_token(text, position, levels[-1], recent)
        if token.significant:
            token = _follow(token, levels, recent)
            recent = [*recent[-1:], token]
        tokens.append(token)
        position += len(token.text)
    return tokens


def _next_token(text: str, position: int, level: _Level, recent: list[Token]) -> Token:
    if text[position] == "<":
        if level.expression and recent and _ends_operand(recent[-1]):
            match = _LESS_THAN.match(text, position)
            assert match is not None
            return Token("punct", match.group(), position)
        iri = _IRIREF.match(text, position)
        if iri:
            return Token("iri", iri.group(), position)
    match = _TOKEN.match(text, position)
    if match is None or match.lastgroup is None:
        return Token("error", text[position], position)
    return Token(match.lastgroup, match.group(), position)


def _ends_operand(token: Token) -> bool:
    if token.kind in _OPERAND_KINDS:
        return True
    return token.text.lower() in _OPERAND_ENDS if token.kind in ("punct", "word") else False


def _follow(token: Token, levels: list[_Level], recent: list[Token]) -> Token:
    """Keep track of brackets and clauses; return `token`, or an error token if it is astray."""
    level = levels[-1]
    if token.kind == "word" and token.text.lower() in _CLAUSES:
        level.clause = _CLAUSES[token.text.lower()]
    elif token.text in _OPENERS and token.kind == "punct":
        if token.text.startswith("{"):
            level.clause = "pattern"  # a group ends the SELECT clause that may precede it
        expression = token.text == "(" and _opens_expression(level, recent)
        levels.append(_Level(closer=_OPENERS[token.text], expression=expression))
    elif token.text in _CLOSERS and token.kind == "punct":
        if len(levels) == 1 or level.closer != token.text:
            return Token("error", token.text, token.start)
        levels.pop()
    return token


def _opens_expression(level: _Level, recent: list[Token]) -> bool:
    """Tell whether a `(` opens an expression rather than a list of terms or a path."""
    if level.expression or level.clause in ("select", "modifiers"):
        return True
    if not recent:
        return False
    last = recent[-1]
    if last.kind == "word":  # FILTER (, BIND (, a function's name: STR (, REGEX ( ...
        return last.text.lower() not in _TERM_LIST_WORDS
    if last.kind in ("iri", "pname") and len(recent) == 2:  # FILTER <function>(...)
        return recent[0].kind == "word" and recent[0].text.lower() == "filter"
    return False  # a collection, a path, a row of VALUES


def mask(text: str) -> str:
    """Return `text` with comments blanked and strings and IRIs kept whole but unreadable.

    Every token keeps its length (comments become spaces, the insides of strings and IRIs
    `x`, line ends kept), so positions in the result are positions in `text`, and keywords
    inside strings, IRIs and comments are not seen.
    """
    parts = []
    for token in tokenize(text):
        if token.kind == "comment":
            parts.append(" " * len(token.text))
        elif token.kind in ("string", "iri"):
            quote = 3 if token.text[:3] in ('"""', "'''") else 1
            inside = re.sub(r"[^\n\r]", "x", token.text[quote:-quote])
            parts.append(token.text[:quote] + inside + token.text[-quote:])
        else:
            parts.append(token.text)
    return "".join(parts)


def unescape(text: str) -> str:
    r"""Return `text` with `\uXXXX` and `\UXXXXXXXX` replaced by their characters.

    SPARQL 1.1 (section 19.2) has these escapes replaced anywhere before the text is parsed,
    so `\u0053ERVICE` is the keyword SERVICE to a server that follows it (rdflib and Jena
    do; Oxigraph refuses the query). A code point beyond Unicode is left as it is.
    """

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _CODE_POINT.sub(character, text)
