"""Formulas: a numeric field computed from other fields, model outputs and the year.

A formula is a string that starts with ``=`` (the spreadsheet convention)::

    market: "= users_consumer * paying_share_of_users * 20 USD/month + 2% * streams.advertising.market"

Its grammar is our own (a Pratt parser over a small set of tokens); no text is ever
evaluated as Python::

    formula    := "=" expr
    expr       := comparison
    comparison := sum [("<" | "<=" | ">" | ">=" | "==" | "!=") sum]
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | power
    power      := atom ["**" unary]                  (right-associative: 2 ** 3 ** 2 = 2 ** 9)
    atom       := constant | name | call | "(" expr ")"
    constant   := ["$"] number [K|M|B|T|%] [unit ("/" unit)*]   (20 USD/month, $50B/GW, 2%, 800M)
    name       := word ("." word)*                   (a dotted path to a field, or a model output, or year)
    call       := function "(" expr ("," expr)* ")"  (min, max, clip, exp, log, sqrt, where)

A dotted name is a scenario field (``streams.advertising.market``); a plain name is a model
output (``users_consumer``) or ``year``, the calendar year (a plain number). Comparisons give
1 (true) or 0 (false); ``where(cond, a, b)`` is ``a`` where ``cond`` is not 0, else ``b``.

Units: every name and constant has a dimension; ``+``, ``-``, comparisons, ``min``, ``max``,
``clip`` and ``where`` need the same dimension on both sides, ``exp`` and ``log`` a
dimensionless argument, ``**`` a dimensionless exponent (a constant when the base has units).
The formula is evaluated in base units (each value scaled from its canonical unit), so
``tokens_per_user_per_day`` (per day) and ``tokens`` (per year) combine correctly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gigawatt.scenario.units import UNITS, UnitProblem, ValueProblem, base_of, canonical_of

__all__ = ["FUNCTIONS", "Formula", "FormulaProblem", "check_counts", "parse_formula"]

MAX_LENGTH = 2000
"""Longest formula text accepted (characters)."""

MAX_DEPTH = 60
"""Deepest nesting accepted (parentheses, calls, unary signs), so that no formula exhausts the stack."""


class FormulaProblem(ValueProblem):
    """A formula that cannot be read, has mismatched units, a cycle, or names nothing known."""


Dim = tuple[tuple[str, float], ...]
"""A dimension: sorted ``(base dimension, exponent)`` pairs; ``()`` is dimensionless."""

DIMENSIONLESS: Dim = ()


def dim_of(unit: str) -> Dim:
    """The dimension of a canonical unit."""
    return tuple(sorted(base_of(unit)[1].items()))


def _mul(a: Dim, b: Dim, sign: float = 1.0) -> Dim:
    out: dict[str, float] = dict(a)
    for key, exp in b:
        out[key] = out.get(key, 0.0) + sign * exp
    return tuple(sorted((k, v) for k, v in out.items() if abs(v) > 1e-12))


def _pow(a: Dim, exponent: float) -> Dim:
    return tuple(sorted((k, v * exponent) for k, v in a if abs(v * exponent) > 1e-12))


def show_dim(dim: Dim) -> str:
    """A dimension in words, naming the canonical unit that has it when there is one (``USD/year``)."""
    if not dim:
        return "a plain number"
    names = [u for u in UNITS if u != "year" and dim_of(u) == dim]
    if names:
        return " or ".join(names)
    return " * ".join(f"{k.strip('[]')}^{v:g}" for k, v in dim)


# --- tokens ----------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>\$?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:[KMBT](?![A-Za-z_0-9])|%)?)
    | (?P<name>[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_0-9]+)*)
    | (?P<op>\*\*|<=|>=|==|!=|[-+*/<>(),])
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "name", "op" or "end"
    text: str
    pos: int  # 0-based character offset in the formula text (after the "=")


def tokens(text: str) -> list[Token]:
    """Split formula text into tokens; anything else is a :class:`FormulaProblem` naming its column."""
    out: list[Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            start = pos + len(text[pos:]) - len(text[pos:].lstrip())
            raise FormulaProblem(f"unexpected {text[start]!r} at column {start + 1}")
        kind = match.lastgroup or "op"
        token_text = match[kind]
        out.append(Token(kind, token_text, match.start(kind)))
        pos = match.end()
    out.append(Token("end", "", len(text)))
    return out


# --- syntax tree ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    """A constant, already in base units (``scale`` applied), with its dimension."""

    value: float
    dim: Dim
    text: str


@dataclass(frozen=True)
class Name:
    """A dotted path to a scenario field, a model output, or ``year``."""

    name: str
    pos: int


@dataclass(frozen=True)
class Unary:
    op: str
    arg: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node
    pos: int


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]
    pos: int


Node = Num | Name | Unary | Binary | Call

FUNCTIONS: dict[str, tuple[int, int]] = {
    "min": (2, 99), "max": (2, 99), "clip": (3, 3), "exp": (1, 1), "log": (1, 1), "sqrt": (1, 1),
    "where": (3, 3),
}
"""Each function with its least and most number of arguments."""

_COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
_BINDING = {**dict.fromkeys(_COMPARISONS, 10), "+": 20, "-": 20, "*": 30, "/": 30, "**": 50}
_UNARY_BINDING = 40  # -a ** b is -(a ** b); -a * b is (-a) * b


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokens(text)
        self.index = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def where(self, token: Token) -> str:
        return "the end" if token.kind == "end" else f"{token.text!r} at column {token.pos + 1}"

    def expect(self, text: str) -> Token:
        token = self.take()
        if token.text != text or token.kind != "op":
            raise FormulaProblem(f"expected {text!r}, got {self.where(token)}")
        return token

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise FormulaProblem("a formula needs an expression after '='")
        node = self.expr(0)
        token = self.peek()
        if token.kind != "end":
            raise FormulaProblem(f"unexpected {self.where(token)}: expected an operator or the end")
        return node

    def expr(self, binding: int) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaProblem(f"the formula nests more than {MAX_DEPTH} levels deep")
        left = self.prefix()
        while True:
            token = self.peek()
            power = _BINDING.get(token.text, -1) if token.kind == "op" else -1
            if power <= binding:
                break
            self.take()
            right = self.expr(power - 1 if token.text == "**" else power)  # "**" is right-associative
            if token.text in _COMPARISONS and self.peek().text in _COMPARISONS:
                raise FormulaProblem(f"comparisons do not chain ({self.where(self.peek())}); use where() twice")
            left = Binary(token.text, left, right, token.pos)
        self.depth -= 1
        return left

    def prefix(self) -> Node:
        token = self.take()
        if token.kind == "num":
            return self.constant(token)
        if token.kind == "name":
            if self.peek().text == "(":
                return self.call(token)
            return Name(token.text, token.pos)
        if token.text in ("-", "+"):
            return Unary(token.text, self.expr(_UNARY_BINDING))
        if token.text == "(":
            node = self.expr(0)
            self.expect(")")
            return node
        raise FormulaProblem(f"expected a number, a name or '(', got {self.where(token)}")

    def call(self, name: Token) -> Node:
        if name.text not in FUNCTIONS:
            from gigawatt.scenario.errors import did_you_mean

            raise FormulaProblem(f"unknown function {name.text!r}{did_you_mean(name.text, list(FUNCTIONS))}; "
                                 f"expected one of {', '.join(FUNCTIONS)}")
        self.expect("(")
        args = [self.expr(0)]
        while self.peek().text == ",":
            self.take()
            args.append(self.expr(0))
        self.expect(")")
        least, most = FUNCTIONS[name.text]
        if not least <= len(args) <= most:
            wanted = str(least) if least == most else f"at least {least}"
            raise FormulaProblem(f"{name.text}() takes {wanted} arguments; got {len(args)}")
        return Call(name.text, tuple(args), name.pos)

    def constant(self, token: Token) -> Num:
        """A number, with the units written after it (``20 USD/month``) read as one quantity."""
        text = token.text
        units: list[str] = []
        # a unit word right after the number, then "/ word" while the words are units
        if self.peek().kind == "name" and _is_unit(self.peek().text) and self.tokens[self.index + 1].text != "(":
            units.append(self.take().text)
        if units or text.startswith("$"):
            while (self.peek().text == "/" and self.tokens[self.index + 1].kind == "name"
                   and _is_unit(self.tokens[self.index + 1].text)):
                self.take()
                units.append("/" + self.take().text)
        space = " " if units and not units[0].startswith("/") else ""
        quantity = text + space + "".join(units)
        try:
            value, unit = canonical_of(quantity)
        except UnitProblem as exc:
            raise FormulaProblem(f"the constant {quantity!r}: {exc}") from None
        scale, _ = base_of(unit)
        return Num(value * scale, dim_of(unit), quantity)


def _is_unit(word: str) -> bool:
    """Whether ``word`` names a unit (``USD``, ``month``, ``GW``, ``tokens``), not a field or an output."""
    if "." in word or word in FUNCTIONS:
        return False
    return _unit_word(word)


_UNIT_WORDS: dict[str, bool] = {}


def _unit_word(word: str) -> bool:
    if word not in _UNIT_WORDS:
        try:
            canonical_of(f"1 {word}")
            _UNIT_WORDS[word] = True
        except (UnitProblem, ValueError):
            _UNIT_WORDS[word] = False
    return _UNIT_WORDS[word]


def parse_formula(text: str) -> Node:
    """Parse formula text (what follows the ``=``) into a syntax tree; raise :class:`FormulaProblem`."""
    if len(text) > MAX_LENGTH:
        raise FormulaProblem(f"a formula may be at most {MAX_LENGTH} characters long; got {len(text)}")
    return _Parser(text).parse()


def names_in(node: Node) -> list[Name]:
    """Every name in ``node``, in order of appearance."""
    if isinstance(node, Name):
        return [node]
    if isinstance(node, Unary):
        return names_in(node.arg)
    if isinstance(node, Binary):
        return names_in(node.left) + names_in(node.right)
    if isinstance(node, Call):
        return [n for arg in node.args for n in names_in(arg)]
    return []


# --- the value ------------------------------------------------------------------------------


@dataclass(eq=False)
class Formula:
    """A numeric field computed by a formula, in its field's canonical ``unit``.

    Parameters
    ----------
    text
        The formula as written, ``=`` included.
    tree
        Its syntax tree.
    unit
        The canonical unit of the field it sits in.
    bounds
        The field's bounds: results outside are clipped to them (as draws of a normal are).
    fields
        ``{dotted path: (value, canonical unit)}`` of the scenario fields it names; set by the loader.
    path
        Dotted path of the field; set by the loader.
    where
        ``(file, line, column)`` of the field in the scenario text, for errors found while running.
    """

    text: str
    tree: Node
    unit: str
    bounds: tuple[float | None, float | None] = (None, None)
    fields: dict[str, tuple[Any, str]] = field(default_factory=dict)
    path: str = ""
    where: tuple[str, int, int] = ("<scenario>", 0, 0)

    @property
    def outputs(self) -> list[str]:
        """The model outputs the formula names (plain names other than ``year``)."""
        seen = [n.name for n in names_in(self.tree) if "." not in n.name and n.name != "year"]
        return list(dict.fromkeys(seen))

    @property
    def field_paths(self) -> list[str]:
        """The scenario fields the formula names (dotted names)."""
        return list(dict.fromkeys(n.name for n in names_in(self.tree) if "." in n.name))


def formula_of(text: str, unit: str, bounds: tuple[float | None, float | None]) -> Formula:
    """Parse a ``"= ..."`` string for a field in ``unit``; raise :class:`FormulaProblem`."""
    body = " " + text.strip()[1:]  # the "=" as a space: columns count from the "="
    tree = parse_formula(body)
    return Formula(text.strip(), tree, unit, bounds)


# --- units ----------------------------------------------------------------------------------

OUTPUT_UNITS: dict[str, str] = {
    "USD": "USD/year", "users": "count", "devices": "count", "tokens": "count/year", "GW": "GW",
    "fraction": "fraction", "year": "year", "event": "fraction",
}
"""The canonical unit of a model output by the unit it is labelled with. A yearly series in USD is an
amount per year (revenue, costs, capex; a balance such as cash is read the same way, its value in
the year); tokens are tokens per year."""


def output_unit(label: str) -> str:
    """The canonical unit of an output labelled ``label`` (``USD``, a yearly amount, reads as ``USD/year``)."""
    if label in OUTPUT_UNITS:
        return OUTPUT_UNITS[label]
    if label in UNITS:
        return label
    raise FormulaProblem(f"a formula cannot read an output measured in {label!r}")


DimOf = Callable[[Name], Dim | None]
"""The dimension of a name, or None while it is not known (a model output before the model runs)."""


def check_units(formula: Formula, dim_of_name: DimOf) -> None:
    """Raise :class:`FormulaProblem` unless the formula gives its field's dimension (unknown names pass)."""
    got = _dim(formula.tree, dim_of_name)
    want = dim_of(formula.unit)
    if got is not None and got != want:
        raise FormulaProblem(f"the formula gives {show_dim(got)} where {formula.unit} is expected")


def _same(a: Dim | None, b: Dim | None, what: str) -> Dim | None:
    if a is None or b is None:
        return a if b is None else b
    if a != b:
        raise FormulaProblem(f"{what} needs the same units on both sides; got {show_dim(a)} and {show_dim(b)}")
    return a


def _dim(node: Node, dim_of_name: DimOf) -> Dim | None:
    if isinstance(node, Num):
        return node.dim
    if isinstance(node, Name):
        return DIMENSIONLESS if node.name == "year" else dim_of_name(node)
    if isinstance(node, Unary):
        return _dim(node.arg, dim_of_name)
    if isinstance(node, Binary):
        left, right = _dim(node.left, dim_of_name), _dim(node.right, dim_of_name)
        if node.op in ("+", "-"):
            return _same(left, right, f"{node.op!r} at column {node.pos + 1}")
        if node.op in _COMPARISONS:
            _same(left, right, f"{node.op!r} at column {node.pos + 1}")
            return DIMENSIONLESS
        if node.op in ("*", "/"):
            if left is None or right is None:
                return None
            return _mul(left, right, 1.0 if node.op == "*" else -1.0)
        # "**": a dimensionless exponent; a constant one when the base has units
        if right not in (None, DIMENSIONLESS):
            raise FormulaProblem(f"the exponent at column {node.pos + 1} must be a plain number; got "
                                 f"{show_dim(right)}")
        if left is None or left == DIMENSIONLESS:
            return left
        exponent = _constant(node.right)
        if exponent is None:
            raise FormulaProblem(f"a quantity with units ({show_dim(left)}) can only be raised to a constant "
                                 f"power (column {node.pos + 1})")
        return _pow(left, exponent)
    args = [_dim(a, dim_of_name) for a in node.args]
    fn = node.function
    if fn in ("exp", "log"):
        if args[0] not in (None, DIMENSIONLESS):
            raise FormulaProblem(f"{fn}() needs a plain number; got {show_dim(args[0])}")
        return DIMENSIONLESS
    if fn == "sqrt":
        return None if args[0] is None else _pow(args[0], 0.5)
    if fn == "where":
        return _same(args[1], args[2], "where()")
    out: Dim | None = None
    for arg in args:
        out = _same(out, arg, f"{fn}()")
    return out


COUNT_UNITS = frozenset({"count", "count/year", "count/day"})
"""Units of things counted (users, devices, seats, tokens): a count and a share are both plain numbers to the
unit check, so :func:`check_counts` tells them apart."""

UnitOf = Callable[[Name], str | None]
"""The canonical unit of a name (a field's, or an output's by the catalogue), or None while it is not known."""


def check_counts(formula: Formula, unit_of_name: UnitOf) -> None:
    """Raise :class:`FormulaProblem` where a formula mixes a count and a share: adds or compares them, or gives
    a count where its field is a share (``paying_share: "= users_consumer"``) or a share where it is a count.

    Each value carries how many counts it is made of (users: 1, a share: 0, users per user: 0, a constant:
    not known); ``+``, ``-``, comparisons, ``min``, ``max``, ``clip`` and ``where`` need the same on both sides.
    """
    got = _counts(formula.tree, unit_of_name)
    if got is None:
        return
    if formula.unit == "fraction" and got != 0:
        raise FormulaProblem("the formula gives a count where a share (fraction) is expected; divide it by "
                             "another count")
    if formula.unit in COUNT_UNITS and got == 0:
        raise FormulaProblem(f"the formula gives a share where a count ({formula.unit}) is expected")


def _same_counts(a: float | None, b: float | None, what: str) -> float | None:
    if a is None or b is None:
        return a if b is None else b
    if abs(a - b) > 1e-12:
        raise FormulaProblem(f"{what} mixes a count and a share (one side counts users, devices or tokens, the "
                             "other is a share of them)")
    return a


def _counts(node: Node, unit_of_name: UnitOf) -> float | None:
    if isinstance(node, Num):
        return None  # 800M may count users, 5% may be a share: a constant takes the side of what it meets
    if isinstance(node, Name):
        if node.name == "year":
            return 0.0
        unit = unit_of_name(node)
        return None if unit is None else (1.0 if unit in COUNT_UNITS else 0.0)
    if isinstance(node, Unary):
        return _counts(node.arg, unit_of_name)
    if isinstance(node, Binary):
        left, right = _counts(node.left, unit_of_name), _counts(node.right, unit_of_name)
        if node.op in ("+", "-"):
            return _same_counts(left, right, f"{node.op!r} at column {node.pos + 1}")
        if node.op in _COMPARISONS:
            _same_counts(left, right, f"{node.op!r} at column {node.pos + 1}")
            return 0.0
        if node.op in ("*", "/"):
            return None if left is None or right is None else left + (right if node.op == "*" else -right)
        exponent = _constant(node.right)
        return None if left is None or exponent is None else left * exponent
    args = [_counts(a, unit_of_name) for a in node.args]
    if node.function in ("exp", "log", "sqrt"):
        return None
    if node.function == "where":
        return _same_counts(args[1], args[2], "where()")
    out: float | None = None
    for arg in args:
        out = _same_counts(out, arg, f"{node.function}()")
    return out


def _constant(node: Node) -> float | None:
    """The value of a constant expression without units (``2``, ``-1/2``), else None."""
    if isinstance(node, Num) and node.dim == DIMENSIONLESS:
        return node.value
    if isinstance(node, Unary):
        inner = _constant(node.arg)
        return None if inner is None else (-inner if node.op == "-" else inner)
    if isinstance(node, Binary) and node.op in ("*", "/", "+", "-"):
        a, b = _constant(node.left), _constant(node.right)
        if a is None or b is None or (node.op == "/" and b == 0):
            return None
        return {"*": a * b, "/": a / b if b else math.nan, "+": a + b, "-": a - b}[node.op]
    return None


# --- evaluation -----------------------------------------------------------------------------

Lookup = Callable[[Name], np.ndarray]
"""The values of a name in base units, shape ``(n|1, Y|1)``."""


def evaluate_tree(node: Node, years: np.ndarray, lookup: Lookup) -> np.ndarray:
    """The value of a syntax tree over samples and years (in base units), shape ``(n|1, Y|1)``."""
    with np.errstate(all="ignore"):  # inf and nan are caught on the result, where they can be located
        return np.asarray(_eval(node, years, lookup), dtype=float)


def _eval(node: Node, years: np.ndarray, lookup: Lookup) -> np.ndarray:
    if isinstance(node, Num):
        return np.full((1, 1), node.value)
    if isinstance(node, Name):
        if node.name == "year":
            return np.asarray(years, dtype=float).reshape(1, -1)
        return lookup(node)
    if isinstance(node, Unary):
        value = _eval(node.arg, years, lookup)
        return -value if node.op == "-" else value
    if isinstance(node, Binary):
        a, b = _eval(node.left, years, lookup), _eval(node.right, years, lookup)
        return _BINARY[node.op](a, b)
    args = [_eval(a, years, lookup) for a in node.args]
    return _CALLS[node.function](*args)


_BINARY: Mapping[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "**": np.power,
    "<": lambda a, b: (a < b).astype(float), "<=": lambda a, b: (a <= b).astype(float),
    ">": lambda a, b: (a > b).astype(float), ">=": lambda a, b: (a >= b).astype(float),
    "==": lambda a, b: (a == b).astype(float), "!=": lambda a, b: (a != b).astype(float),
}


def _reduce(function: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Callable[..., np.ndarray]:
    def apply(*args: np.ndarray) -> np.ndarray:
        out = args[0]
        for arg in args[1:]:
            out = function(out, arg)
        return out

    return apply


_CALLS: Mapping[str, Callable[..., np.ndarray]] = {
    "min": _reduce(np.minimum), "max": _reduce(np.maximum),
    "clip": lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi),
    "exp": np.exp, "log": np.log, "sqrt": np.sqrt,
    "where": lambda c, a, b: np.asarray(np.where(c != 0, a, b)),
}
