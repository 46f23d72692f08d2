#!/usr/bin/env python3
"""Naive reference evaluator for CloudWatch Logs filter patterns (metric filters).

Usage:  python3 reference.py < cases.json
Input:  a JSON array of {"pattern": str, "message": str}
Output: a JSON array, one entry per case: "match", "nomatch",
        "unsupported" (syntax this reference deliberately leaves out) or
        "invalid" (a syntax error).

Written from the CloudWatch Logs User Guide page "Filter pattern syntax for
metric filters, subscription filters, filter log events, and Live Tail"
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html,
called "the guide" below) and, where noted, from its archived 2018-2022
versions in github.com/awsdocs/amazon-cloudwatch-logs-user-guide
(doc_source/FilterAndPatternSyntax.md, called "the old guide").
Standard library only. No cleverness: regex tokenizers, a small
recursive-descent parser, and plain Python dicts/lists for JSON.

Each decision below is marked
    [GUIDE]  the guide (or old guide) says so; the sentence is quoted;
    [OPEN]   the guide leaves it open; this is our choice.

General
-------
 1. [GUIDE] The empty pattern matches everything. Old guide: 'The filter
    pattern "" matches all log events.'  A pattern of only whitespace is
    treated the same way [OPEN].
 2. [OPEN] The pattern is stripped of surrounding whitespace. It is a JSON
    pattern if it then starts with "{", a space-delimited pattern if it starts
    with "[", otherwise a term pattern.
 3. [OPEN] The pattern is parsed completely before the message is looked at,
    so a syntax error is reported as "invalid" whatever the message. When a
    pattern holds both unsupported syntax and an error, whichever the parser
    meets first wins.
 4. Deliberately "unsupported": regular expressions %...% (anywhere outside
    double quotes); the wildcard selectors $.* and [*]; a "*" anywhere but
    at the start or end of a compared value; more than one "..." in a
    space-delimited pattern; unquoted terms holding characters other than
    letters, digits and "_" (guide: "Enclose exact phrases and terms that
    include non-alphanumeric characters in double quotation marks"; what
    CloudWatch does with them unquoted is not stated).

Term patterns (unstructured log events)
---------------------------------------
 5. [GUIDE] Case-sensitive: "Filter patterns are case sensitive."
 6. [GUIDE] A term is a substring test, not a word test. Old guide: "ERROR"
    matches "Exiting with ERRORCODE: -1"; guide: %AUTHORIZED% example shows
    the same for UNAUTHORIZED.
 7. [GUIDE] All plain terms must appear: "ERROR ARGUMENTS" returns events
    "where messages contain the words ERROR and ARGUMENTS".
 8. [GUIDE] "-term" must not appear: "Place a minus symbol ("-") before the
    terms that you want to exclude."
 9. [GUIDE] "?a ?b" means any of them: "Place a question mark ("?") before
    the terms that you want to match ... contain the word ERROR or the word
    ARGUMENTS".
10. [GUIDE] Mixing "?" terms with plain or "-" terms: the "?" terms are
    IGNORED (not "unsupported"): "If you combine "?" with other filter
    patterns, all question mark terms will be ignored." with the example
    ?ERROR ?ARGUMENTS REQUEST matching "[INFO] REQUEST FAILED".
11. [GUIDE] A quoted term is one exact substring and may hold spaces and
    punctuation: ""INTERNAL SERVER ERROR"" returns "[ERROR 500] INTERNAL
    SERVER ERROR".
12. [GUIDE] A quoted term of only whitespace matches everything: "You can
    match everything in your log events with double quotation marks" with
    the pattern " ". We treat such a term as the empty string, which every
    message contains [OPEN: so -" " excludes every message].
13. [OPEN] Inside double quotes, \\" stands for a quote and \\\\ for a
    backslash; other backslashes are literal. An unterminated quote is
    "invalid". Terms must be separated by whitespace; "a"b is "unsupported".
    A lone "-" or "?" (e.g. the old guide's prose '"ERROR" - "Exiting"') is
    "unsupported".

JSON patterns
-------------
14. [GUIDE] A JSON pattern never matches a message that is not JSON. [OPEN]
    The message must parse (strict JSON: no NaN/Infinity, no trailing text)
    to a JSON *object*; arrays and scalars count as "not JSON". Duplicate
    keys: the last one wins [OPEN].
15. [GUIDE] Selectors: "Set off property selectors with a dollar sign
    followed by a period ("$.") ... alphanumeric strings that support hyphen
    ("-") and underscore ("_") characters", "[N]" zero-based indexes placed
    after a property (chains like $.coordinates[0][1] as in the guide's
    examples), and "If the JSON property contains a period, then the bracket
    notation may be used": $.['cluster.name']. [OPEN] the bracket form takes
    single quotes only, may follow any step, and may not contain "'";
    "$['x']", "$[0]", a bare "$" and other characters are "invalid".
16. [GUIDE] A comparison on a selector that points to an array or object is
    false for both = and !=: "both {$.users = 1} and {$.users != 1} will fail
    to match a log event where users is an array". [GUIDE] "Value nodes can be
    strings or numbers", so a missing selector, null or a boolean is also
    false for every comparison operator.
17. [GUIDE] IS NULL is true only for an existing null ("This will only be
    true is the specified object is set to null"); IS TRUE / IS FALSE only for
    the JSON booleans ("The IS variable can match fields that contain the
    values NULL, TRUE, or FALSE"); NOT EXISTS is true when the selector does
    not resolve (a missing key, an index out of range, or stepping into a
    non-container) [OPEN for the last two].
18. [GUIDE] "EXISTS" alone and "IS NOT ..." are "invalid": "The variables IS
    NOT and EXISTS currently aren't supported." Keywords are upper case only
    [OPEN].
19. [GUIDE] "&&" binds tighter than "||", parentheses group: "the following
    standard order of operations: () > && > ||".
20. Operands. [GUIDE] A double-quoted operand is a string. [GUIDE] An
    unquoted operand that reads as a number -- optional sign, digits, optional
    decimals, optional exponent ("You can use integers that contain plus
    ("+") or minus ("-") symbols and follow scientific notation", e.g. 1e+3,
    10e-3, +1000, 55.5) -- is a number. Any other unquoted operand is a
    string. [GUIDE] Unquoted strings may only hold letters, digits, "_" and
    the characters the guide's own unquoted examples use (".", "*", "+",
    "-"): "Strings that have unicode and other characters such as '@', '$',
    '\\' etc. must be enclosed in double quotes to be valid." Anything else
    unquoted is "invalid" [OPEN for characters the guide does not list].
21. String equality is case-sensitive and exact, except that a leading and/or
    trailing "*" is a wildcard: [GUIDE] "Use the asterisk ("*") as a wild card
    to match text", examples 123.123.* and *.html*. [GUIDE, 2022 old guide]
    the quoted "*" is a wildcard too: { $.eventType = "*" && ... } matches.
    A "*" elsewhere is "unsupported" (the 2018-2021 old guide said
    "Ev*ent will only match the actual string Ev*ent"; the current guide no
    longer says so). A lone "*" matches any string or number, empty ones
    included [OPEN for empty].
22. [GUIDE] Wildcards also match numbers: "Use the asterisk ("*") as a wild
    card to match numbers", and { $.latency = * } matches {"latency": 50}.
    [OPEN] A number field is then compared through its JSON source text
    (so 4* matches 404); the same text comparison is used for a quoted or a
    non-numeric unquoted operand against a number field ("400" = 400 is true,
    "4e2" text = 400 is false).
23. [OPEN] A numeric operand with = or != compares
    numerically with a number field and with a string field whose text reads
    as a number (a string holding "500" equals 500 and 5e2). [GUIDE, read
    strictly] "Strings don't support scientific notation": a *string* field
    reads as a number only without an exponent ("1e3" in a string is text).
    Numbers are compared as IEEE doubles [OPEN].
24. [OPEN] For any value node (string or number) "!=" is exactly the negation
    of "=", so {"a": "abc"} satisfies $.a != 5.
25. [GUIDE] "<", ">", "<=", ">=" need a number on both sides:
    "{ PropertySelector NumericOperator Number }". A non-numeric operand with
    these operators is "invalid" [OPEN: invalid rather than false]. A field
    that is neither a number nor a string reading as a number makes the
    comparison false.

Space-delimited patterns
------------------------
26. [GUIDE] Fields: "Characters between brackets ("[]") and double quotation
    marks ("") are considered single fields." A field opened by '"' or '['
    runs to the next '"' or ']' and its value drops the enclosing
    characters. [OPEN] Splitting is on runs of the space character only
    (tabs and newlines are ordinary characters); a quote or bracket only
    groups at the start of a field; an unclosed one is an ordinary character;
    text right after a closing quote/bracket starts a new field; brackets
    do not nest.
27. [GUIDE] Slots are separated by commas inside [ ... ]: "specify fields
    with names that are separated by commas". A slot is a name, "...", a
    condition on the slot's name, or empty (the old guide's
    "[..., request=*.html*, status_code=4*,]" has an empty last slot; it
    matches any field) [OPEN for empty]. Names: a letter or "_" then letters,
    digits, "_" [OPEN]. A slot that is a bare value (e.g. 4*) or "[]" is
    "invalid" [OPEN].
28. [GUIDE] Conditions use = != < > <= >= with && and || ("You also can use
    the logical operators AND (&&) and OR (||)"), parentheses allowed [OPEN],
    and compare like JSON ones on a string value ("status_code = 200" is a
    numeric comparison, "status_code = 4*" a wildcard one).
    [OPEN, supported by awsdocs issue #21 where CloudWatch rejects
    "status_code = 4* && bytes > 1000"] all conditions of one slot must name
    the same field; naming another field is "invalid".
29. [GUIDE] "..." stands for any number of fields, zero included [OPEN for
    zero]: "Elipsis can reference as many fields as needed." Slots before it
    align with the first fields, slots after it with the last fields.
30. Field count without "...": fewer fields than slots never matches.
    More fields than slots: the LAST slot takes the rest of the line (its raw
    text, from its first field to the end of the last field). This follows
    the guide: the guide's [w1=ERROR, w2] "returns log events where the
    first word in the log events is ERROR" for the event "ERROR 09/25/2014
    12:00:02 Failed to process request" (7 fields), and "you must include a
    blank indicator after you specify the order of your terms ... include a
    blank w2 indicator after the w1 term". [OPEN] what exactly the last slot
    holds (raw rest of line, quotes and brackets kept).
"""

import json
import re
import sys


class Unsupported(Exception):
    """Syntax this reference deliberately does not implement."""


class Invalid(Exception):
    """A syntax error in the pattern."""


# ---------------------------------------------------------------------------
# Shared helpers: numbers, quoted strings, wildcard matching
# ---------------------------------------------------------------------------

# An operand that reads as a number (decision 20).
NUMBER_RE = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
# A string *field* that reads as a number: no exponent (decision 23).
PLAIN_NUMBER_RE = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
# Characters allowed in an unquoted operand (decision 20).
UNQUOTED_RE = re.compile(r"[A-Za-z0-9_.*+\-]+")


def unescape(body):
    """Undo \\" and \\\\ inside a double-quoted string (decision 13)."""
    out = ""
    i = 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body) and body[i + 1] in '"\\':
            out += body[i + 1]
            i += 2
        else:
            out += body[i]
            i += 1
    return out


def wildcard_equal(pattern_text, value_text):
    """Exact, case-sensitive equality with an optional leading/trailing '*'."""
    core = pattern_text
    lead = trail = False
    if core.startswith("*"):
        lead = True
        core = core[1:]
    if core.endswith("*"):
        trail = True
        core = core[:-1]
    if "*" in core:
        raise Unsupported("'*' in the middle of a value")
    if lead and trail:
        return core in value_text
    if lead:
        return value_text.endswith(core)
    if trail:
        return value_text.startswith(core)
    return value_text == core


class Operand:
    """The right-hand side of a comparison."""

    def __init__(self, text, quoted):
        self.text = text
        self.is_number = (not quoted) and NUMBER_RE.fullmatch(text) is not None
        self.number = float(text) if self.is_number else None
        if not self.is_number:
            wildcard_equal(text, "")  # raises Unsupported for a middle '*'


class JsonNumber:
    """A JSON number that keeps its source text (decision 22)."""

    def __init__(self, text):
        self.text = text
        self.value = float(text)


def compare(op, operand, field_text, field_number):
    """Compare one value node with an operand.

    field_text   -- the field as text (string value, or a number's JSON text)
    field_number -- the field as a float, or None if it does not read as one
    """
    if op in ("=", "!="):
        if operand.is_number and field_number is not None:
            equal = field_number == operand.number
        else:
            equal = wildcard_equal(operand.text, field_text)
        return equal if op == "=" else not equal
    # < > <= >= : numbers on both sides (decision 25)
    if field_number is None:
        return False
    a, b = field_number, operand.number
    return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


# ---------------------------------------------------------------------------
# Expression tokenizer + recursive-descent parser (JSON and space-delimited)
# ---------------------------------------------------------------------------

TOKEN_RE = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<op>&&|\|\||!=|<=|>=|=|<|>|\(|\))
    | (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<regex>%)
    | (?P<sel>\$(?:\['[^']*'\]|[^\s=!<>()&|"'\[\]{}]|\[[^\]']*\])*)
    | (?P<word>[^\s=!<>()&|"%$\[\]{},']+)
    """,
    re.VERBOSE,
)


def tokenize(text):
    tokens = []
    pos = 0
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if m is None:
            raise Invalid("cannot read %r" % text[pos:])
        kind = m.lastgroup
        if kind == "regex":
            raise Unsupported("regular expression")
        if kind != "ws":
            tokens.append((kind, m.group()))
        pos = m.end()
    return tokens


# Selector steps (decision 15).
STEP_RES = [
    ("key", re.compile(r"\.\['([^']*)'\]")),
    ("key", re.compile(r"\['([^']*)'\]")),
    ("star", re.compile(r"\.\*|\[\*\]")),
    ("key", re.compile(r"\.([A-Za-z0-9_\-]+)")),
    ("index", re.compile(r"\[([0-9]+)\]")),
]


def parse_selector(text):
    """'$.a.b[0]' -> [('key','a'), ('key','b'), ('index',0)]"""
    if not text.startswith("$."):
        raise Invalid("selector must start with '$.'")
    steps = []
    pos = 1
    while pos < len(text):
        for kind, rx in STEP_RES:
            m = rx.match(text, pos)
            if m:
                break
        else:
            raise Invalid("bad selector %r" % text)
        if kind == "star":
            raise Unsupported("wildcard selector")
        if not steps and not m.group().startswith("."):
            raise Invalid("first selector step must start with '.'")
        if kind == "index":
            steps.append(("index", int(m.group(1))))
        else:
            steps.append(("key", m.group(1)))
        pos = m.end()
    return steps


class Parser:
    """Recursive descent over tokens.

    expr := and ('||' and)*
    and  := prim ('&&' prim)*
    prim := '(' expr ')' | cond
    cond := SUBJECT op operand | SUBJECT IS (NULL|TRUE|FALSE) | SUBJECT NOT EXISTS

    mode 'json': SUBJECT is a $-selector; mode 'delimited': SUBJECT is a name.
    Nodes are tuples: ('or', l, r), ('and', l, r), ('cmp', subj, op, operand),
    ('is', subj, 'NULL'|'TRUE'|'FALSE'), ('notexists', subj).
    """

    def __init__(self, tokens, mode):
        self.tokens = tokens
        self.i = 0
        self.mode = mode
        self.subjects = []  # names seen, for the delimited one-name rule

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self):
        tok = self.peek()
        if tok[0] is None:
            raise Invalid("unexpected end of pattern")
        self.i += 1
        return tok

    def parse(self):
        if not self.tokens:
            raise Invalid("empty expression")
        node = self.expr()
        if self.i != len(self.tokens):
            raise Invalid("unexpected %r" % (self.peek()[1],))
        return node

    def expr(self):
        node = self.and_()
        while self.peek() == ("op", "||"):
            self.take()
            node = ("or", node, self.and_())
        return node

    def and_(self):
        node = self.prim()
        while self.peek() == ("op", "&&"):
            self.take()
            node = ("and", node, self.prim())
        return node

    def prim(self):
        if self.peek() == ("op", "("):
            self.take()
            node = self.expr()
            if self.take() != ("op", ")"):
                raise Invalid("missing ')'")
            return node
        return self.cond()

    def subject(self):
        kind, text = self.take()
        if self.mode == "json":
            if kind != "sel":
                raise Invalid("expected a selector, got %r" % text)
            return parse_selector(text)
        if kind != "word" or not NAME_RE.fullmatch(text):
            raise Invalid("expected a field name, got %r" % text)
        self.subjects.append(text)
        return text

    def cond(self):
        subj = self.subject()
        kind, text = self.take()
        if kind == "word" and self.mode == "json":
            if text == "IS":
                _, what = self.take()
                if what in ("NULL", "TRUE", "FALSE"):
                    return ("is", subj, what)
                raise Invalid("IS %s is not supported" % what)  # decision 18
            if text == "NOT":
                if self.take() == ("word", "EXISTS"):
                    return ("notexists", subj)
                raise Invalid("expected EXISTS after NOT")
            raise Invalid("unexpected %r" % text)  # includes bare EXISTS
        if kind != "op" or text not in ("=", "!=", "<", ">", "<=", ">="):
            raise Invalid("expected a comparison operator, got %r" % text)
        operand = self.operand()
        if text in ("<", ">", "<=", ">=") and not operand.is_number:
            raise Invalid("%s needs a number" % text)
        return ("cmp", subj, text, operand)

    def operand(self):
        kind, text = self.take()
        if kind == "str":
            return Operand(unescape(text[1:-1]), quoted=True)
        if kind == "word":
            if not UNQUOTED_RE.fullmatch(text):
                raise Invalid("unquoted value %r must be quoted" % text)
            return Operand(text, quoted=False)
        raise Invalid("expected a value, got %r" % text)


def evaluate(node, lookup):
    """Evaluate a parsed expression.

    lookup(subject) -> (found, value); value is a Python JSON value
    (dict, list, str, JsonNumber, bool, None).
    """
    tag = node[0]
    if tag == "or":
        return evaluate(node[1], lookup) or evaluate(node[2], lookup)
    if tag == "and":
        return evaluate(node[1], lookup) and evaluate(node[2], lookup)
    found, value = lookup(node[1])
    if tag == "notexists":
        return not found
    if tag == "is":
        if not found:
            return False
        return {"NULL": value is None, "TRUE": value is True, "FALSE": value is False}[node[2]]
    # tag == "cmp": only value nodes (string or number) can compare (decision 16)
    if not found:
        return False
    if isinstance(value, JsonNumber):
        return compare(node[2], node[3], value.text, value.value)
    if isinstance(value, str):
        number = float(value) if PLAIN_NUMBER_RE.fullmatch(value) else None
        return compare(node[2], node[3], value, number)
    return False  # object, array, null, boolean


# ---------------------------------------------------------------------------
# JSON patterns
# ---------------------------------------------------------------------------

def reject_constant(name):
    raise ValueError("not strict JSON: %s" % name)


def parse_json_message(message):
    """Return the message as a dict, or None if it is not a JSON object."""
    try:
        doc = json.loads(message, parse_int=JsonNumber, parse_float=JsonNumber,
                         parse_constant=reject_constant)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def resolve(doc, steps):
    """Follow selector steps; return (found, value)."""
    value = doc
    for kind, key in steps:
        if kind == "key" and isinstance(value, dict) and key in value:
            value = value[key]
        elif kind == "index" and isinstance(value, list) and 0 <= key < len(value):
            value = value[key]
        else:
            return False, None
    return True, value


def compile_json(pattern):
    if not pattern.endswith("}"):
        raise Invalid("JSON pattern must end with '}'")
    inner = pattern[1:-1]
    return Parser(tokenize(inner), "json").parse()


def match_json(tree, message):
    doc = parse_json_message(message)
    if doc is None:
        return False  # decision 14
    return evaluate(tree, lambda steps: resolve(doc, steps))


# ---------------------------------------------------------------------------
# Space-delimited patterns
# ---------------------------------------------------------------------------

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def split_outside_quotes(text, sep):
    """Split on sep, ignoring separators inside double quotes."""
    parts, current, in_quote, i = [], "", False, 0
    while i < len(text):
        ch = text[i]
        if in_quote and ch == "\\" and i + 1 < len(text):
            current += text[i:i + 2]
            i += 2
            continue
        if ch == '"':
            in_quote = not in_quote
        if ch == sep and not in_quote:
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    if in_quote:
        raise Invalid("unterminated quote")
    parts.append(current)
    return parts


def compile_delimited(pattern):
    """Return a list of slots: ('ellipsis',), ('any',) or ('cond', name, tree)."""
    if not pattern.endswith("]"):
        raise Invalid("space-delimited pattern must end with ']'")
    inner = pattern[1:-1]
    if inner.strip() == "":
        raise Invalid("no fields")
    slots = []
    for raw in split_outside_quotes(inner, ","):
        text = raw.strip()
        if text == "...":
            slots.append(("ellipsis",))
        elif text == "" or NAME_RE.fullmatch(text):
            slots.append(("any",))
        else:
            parser = Parser(tokenize(text), "delimited")
            tree = parser.parse()
            if len(set(parser.subjects)) != 1:
                raise Invalid("a field's conditions must all name that field")  # decision 28
            slots.append(("cond", parser.subjects[0], tree))
    if sum(1 for s in slots if s[0] == "ellipsis") > 1:
        raise Unsupported("more than one '...'")
    return slots


def split_fields(line):
    """Split a log line into (start, end, value) fields (decision 26)."""
    fields = []
    i, n = 0, len(line)
    while i < n:
        if line[i] == " ":
            i += 1
            continue
        start = i
        if line[i] in '"[':
            closing = '"' if line[i] == '"' else "]"
            j = line.find(closing, i + 1)
            if j != -1:
                fields.append((start, j + 1, line[i + 1:j]))
                i = j + 1
                continue
        j = i
        while j < n and line[j] != " ":
            j += 1
        fields.append((start, j, line[i:j]))
        i = j
    return fields


def match_delimited(slots, message):
    fields = split_fields(message)
    values = [f[2] for f in fields]
    kinds = [s[0] for s in slots]
    if "ellipsis" in kinds:
        k = kinds.index("ellipsis")
        before, after = slots[:k], slots[k + 1:]
        if len(fields) < len(before) + len(after):
            return False
        pairs = list(zip(before, values[:len(before)]))
        pairs += list(zip(after, values[len(values) - len(after):]))
    else:
        if len(fields) < len(slots):
            return False
        pairs = list(zip(slots, values))
        if len(fields) > len(slots):
            # decision 30: the last slot takes the rest of the line
            first = fields[len(slots) - 1]
            rest = message[first[0]:fields[-1][1]]
            pairs[-1] = (slots[-1], rest)
    for slot, value in pairs:
        if slot[0] == "cond":
            if not evaluate(slot[2], lambda name, v=value: (True, v)):
                return False
    return True


# ---------------------------------------------------------------------------
# Term patterns
# ---------------------------------------------------------------------------

TERM_RE = re.compile(r'(?P<prefix>[-?]?)(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s"]+))')


def compile_terms(pattern):
    """Return (plain, excluded, optional) lists of substrings."""
    plain, excluded, optional = [], [], []
    if len(re.findall(r'(?<!\\)"', pattern)) % 2 == 1:
        raise Invalid("unterminated quote")  # decision 13
    pos = 0
    while pos < len(pattern):
        if pattern[pos].isspace():
            pos += 1
            continue
        m = TERM_RE.match(pattern, pos)
        if m is None:
            raise Invalid("unterminated quote")  # only a lone '"' is left
        if m.group("quoted") is not None:
            term = unescape(m.group("quoted"))
            if term.strip() == "":
                term = ""  # decision 12: " " matches everything
        else:
            term = m.group("bare")
            if "%" in term:
                raise Unsupported("regular expression")
            if not re.fullmatch(r"[A-Za-z0-9_]+", term):
                raise Unsupported("unquoted term with other characters: %r" % term)
        pos = m.end()
        if pos < len(pattern) and not pattern[pos].isspace():
            raise Unsupported("terms not separated by whitespace")
        {"": plain, "-": excluded, "?": optional}[m.group("prefix")].append(term)
    if optional and (plain or excluded):
        optional = []  # decision 10: '?' terms are ignored when mixed
    return plain, excluded, optional


def match_terms(compiled, message):
    plain, excluded, optional = compiled
    if not all(t in message for t in plain):
        return False
    if any(t in message for t in excluded):
        return False
    if optional and not any(t in message for t in optional):
        return False
    return True


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------

def check(pattern, message):
    """Return 'match', 'nomatch', 'unsupported' or 'invalid'."""
    try:
        p = pattern.strip()
        if p == "":
            return "match"  # decision 1
        if p.startswith("{"):
            tree = compile_json(p)
            result = match_json(tree, message)
        elif p.startswith("["):
            slots = compile_delimited(p)
            result = match_delimited(slots, message)
        else:
            compiled = compile_terms(p)
            result = match_terms(compiled, message)
        return "match" if result else "nomatch"
    except Unsupported:
        return "unsupported"
    except Invalid:
        return "invalid"


def main():
    cases = json.load(sys.stdin)
    out = [check(case["pattern"], case["message"]) for case in cases]
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
