"""A safe arithmetic parser for numeric answers: no eval, bounded size, depth and magnitude.

Grammar: expr := term (('+'|'-') term)*; term := unary (('*'|'/') unary)*;
unary := ('+'|'-') unary | power; power := atom (('^'|'**') unary)?;
atom := number ['%'] | name | name '(' expr [',' expr] ')' | '(' expr ')'.
"""

from __future__ import annotations

import math
import re
from typing import Callable

MAX_LENGTH = 200
MAX_DEPTH = 40
MAX_MAGNITUDE = 1e300

FUNCTIONS: dict[str, Callable[[float], float]] = {
    "sqrt": math.sqrt, "exp": math.exp, "log": math.log, "ln": math.log, "log2": math.log2, "log10": math.log10,
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "tanh": math.tanh, "abs": abs,
    "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0,
    "floor": math.floor, "ceil": math.ceil,
}
CONSTANTS = {"pi": math.pi, "e": math.e, "inf": math.inf}

_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\*\*|[-+*/^(),%])|([A-Za-z_][A-Za-z0-9_]*))")


class ExprError(ValueError):
    """The answer is not a number or expression we can read; the message says why."""


def _tokens(text: str) -> list[str]:
    out = []
    pos = 0
    text = text.replace("×", "*").replace("−", "-").replace("÷", "/").replace("√", " sqrt ")
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExprError(f"cannot read '{text[pos:pos + 10]}' (use numbers, + - * / ^, ( ), sqrt, exp, log)")
        out.append(m.group(1) or m.group(2) or m.group(3))
        pos = m.end()
    return out


def _check(x: float) -> float:
    if isinstance(x, complex) or math.isnan(x):
        raise ExprError("the expression is not a real number")
    if abs(x) > MAX_MAGNITUDE and not math.isinf(x):
        raise ExprError("the number is too large")
    return float(x)


class _Parser:
    def __init__(self, tokens: list[str]):
        self.t = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise ExprError("the expression ends too early")
        self.i += 1
        return tok

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError("the expression is nested too deeply")

    def expr(self) -> float:
        self.enter()
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            rhs = self.term()
            value = _check(value + rhs if op == "+" else value - rhs)
        self.depth -= 1
        return value

    def term(self) -> float:
        value = self.unary()
        while self.peek() in ("*", "/"):
            op = self.take()
            rhs = self.unary()
            if op == "/":
                if rhs == 0:
                    raise ExprError("division by zero")
                value = _check(value / rhs)
            else:
                value = _check(value * rhs)
        return value

    def unary(self) -> float:
        if self.peek() in ("+", "-"):
            self.enter()
            op = self.take()
            v = self.unary()
            self.depth -= 1
            return -v if op == "-" else v
        return self.power()

    def power(self) -> float:
        base = self.atom()
        if self.peek() in ("^", "**"):
            self.take()
            self.enter()
            exp = self.unary()
            self.depth -= 1
            return _pow(base, exp)
        return base

    def atom(self) -> float:
        tok = self.take()
        if tok == "(":
            v = self.expr()
            if self.take() != ")":
                raise ExprError("missing ')'")
            return v
        if tok[0].isdigit() or tok[0] == ".":
            try:
                v = _check(float(tok))
                if math.isinf(v):
                    raise OverflowError
            except OverflowError:
                raise ExprError("the number is too large") from None
            if self.peek() == "%":
                self.take()
                v /= 100.0
            return v
        if tok[0].isalpha() or tok[0] == "_":
            name = tok.lower()
            if name in FUNCTIONS:
                if self.peek() == "(":
                    self.take()
                    arg = self.expr()
                    if self.take() != ")":
                        raise ExprError("missing ')'")
                elif (nxt := self.peek()) is not None and nxt not in "+-*/^),%" and nxt != "**":
                    self.enter()
                    arg = self.power()  # √4, sqrt 2
                    self.depth -= 1
                else:
                    raise ExprError(f"'{name}' needs an argument, e.g. {name}(2)")
                try:
                    return _check(FUNCTIONS[name](arg))
                except (ValueError, OverflowError):
                    raise ExprError(f"{name}({arg:g}) is not defined or too large") from None
            if name in CONSTANTS:
                return CONSTANTS[name]
            raise ExprError(f"unknown name '{tok}' (functions: {', '.join(sorted(FUNCTIONS))}; constants: pi, e)")
        raise ExprError(_unexpected(tok))


def _pow(base: float, exp: float) -> float:
    if base == 0 and exp < 0:
        raise ExprError("division by zero")
    if base < 0 and not float(exp).is_integer():
        raise ExprError("a negative number to a fractional power is not real")
    if base != 0 and abs(base) != 1 and exp * math.log10(abs(base)) > 300:
        raise ExprError("the number is too large")
    try:
        return _check(math.pow(base, exp))
    except OverflowError:
        raise ExprError("the number is too large") from None


def parse_number(text: str) -> float:
    """Evaluate an arithmetic answer like '2/(300+100)', 'sqrt(6/400)', '1e-3', '5%'."""
    text = (text or "").strip()
    if not text:
        raise ExprError("type a number or an expression")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"the answer is longer than {MAX_LENGTH} characters")
    if re.fullmatch(r"[-+]?\d*,\d+", text):
        raise ExprError(f"write decimals with a point: {text.replace(',', '.')}, not {text}")
    parser = _Parser(_tokens(text))
    value = parser.expr()
    rest = parser.peek()
    if rest is not None:
        raise ExprError(_unexpected(rest))
    return value


def _unexpected(tok: str) -> str:
    if tok == ",":
        return "unexpected ',' (write decimals with a point: 0.5, not 0,5)"
    return f"unexpected '{tok}'"
