"""Coded errors. Each says what failed, on which input, and what to do."""

from __future__ import annotations

__all__ = ["PolemosError", "InputError", "error_json"]


class PolemosError(Exception):
    """An error a user can act on: ``code``, ``message`` and a ``hint``."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        self.code = code
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def to_dict(self) -> dict[str, str | None]:
        return error_json(self.code, self.message, self.hint)


class InputError(PolemosError):
    """One input (file, URL, feed entry, batch line) could not be turned into an article."""

    def __init__(self, code: str, source: str, message: str, hint: str | None = None) -> None:
        self.source = source
        super().__init__(code, f"{source}: {message}", hint)


def error_json(code: str, message: str, hint: str | None = None) -> dict[str, str | None]:
    """The one JSON error shape used by the CLI, the store and the REST API."""
    return {"error": code, "message": message, "hint": hint}
