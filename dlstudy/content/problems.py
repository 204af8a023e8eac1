"""A content problem, printed as `file:line: card-id: field: message`."""

from __future__ import annotations

from dataclasses import dataclass

from dlstudy.text import clean


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    card_id: str
    field: str
    message: str

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.card_id or '-'}: {self.field or '-'}: {self.message}"
        return clean(text)  # file names, keys and ids come from data: no control characters on screen

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "card": self.card_id, "field": self.field, "message": self.message}
