"""Coded errors. Each says what failed, on which input, and what to do.

Every code polemos raises is registered once in ``CODES`` (code -> what it means), documented in ``docs/output.md``
(a test checks both), and raising an unregistered code is itself an error, so a new code cannot slip in unlisted.
Ranges: E0xx set-up and shipped data, E1xx inputs, E2xx actor files, E3xx store, E4xx exports and filters,
E5xx merging and benchmarks, E6xx tools (eval, train), E7xx server, E8xx distributed runs.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = ["CODES", "PolemosError", "InputError", "error_json", "DATA_HINT"]

DATA_HINT = "restore the file from the repository (`git checkout -- src/polemos/data`) or fix the entry named"

CODES = MappingProxyType({
    "E010": "the spaCy model package is not installed",
    "E020": "a knowledge file shipped in polemos/data (YAML, TSV) is malformed or lacks an entry",
    "E030": "the pipeline's stages do not fit together (a need no earlier stage assigns, a duplicate, an overwrite)",
    "E031": "an unknown pipeline stage name, or a polemos.stages entry point that is not a Stage",
    "E032": "a stage returned other keys than it declares in assigns (a bug in the stage)",
    "E100": "no such file, or a directory",
    "E101": "binary data (NUL bytes)",
    "E102": "not valid UTF-8 / not valid in its declared charset",
    "E103": "empty input",
    "E104": "input too large",
    "E105": "too short to be a news article",
    "E106": "not English",
    "E107": "no article text in an HTML page",
    "E108": "not a readable RSS/Atom feed",
    "E109": "a feed entry without a link",
    "E110": "URL is not http(s)",
    "E111": "URL host not found",
    "E112": "URL is a loopback, private or link-local address",
    "E113": "URL answered with an HTTP error",
    "E114": "URL could not be fetched (network error)",
    "E115": "URL body over the download cap",
    "E120": "JSONL line is not JSON",
    "E121": "JSONL line is not an object with a text string, or a field is not a string",
    "E198": "the analysis raised on this article (a bug)",
    "E199": "reading this input raised (a bug in a reader)",
    "E201": "actor file not found",
    "E202": "actor file is not valid YAML",
    "E203": "actor file entry is not a mapping with name and kind",
    "E204": "actor file entry has an unknown or missing field",
    "E205": "actor file entry has a date that is not YYYY-MM-DD",
    "E300": "the store cannot be opened (locked by another process, or not a DuckDB file)",
    "E301": "a store migration failed",
    "E302": "no store at this path",
    "E303": "no single stored article matches this id",
    "E400": "unknown export format",
    "E401": "unknown export filter",
    "E402": "a date filter that is not a date",
    "E403": "the store's schema is older than version 2 (no merge tables)",
    "E404": "export output folder does not exist",
    "E405": "an export row does not fit its columns (a bug)",
    "E406": "parquet export needs --out DIR",
    "E407": "a polemos.exports entry point that is not an export Format",
    "E422": "invalid API request parameter",
    "E500": "no usable article in the benchmark corpus",
    "E600": "unknown evaluation name",
    "E601": "this build has no trainable model",
    "E602": "a gold file of ../shared/eval is missing",
    "E603": "the CASE 2021 gold file is missing",
    "E604": "a line of a ../shared/eval gold file is not JSON",
    "E605": "an entry of an own gold set does not match its text",
    "E610": "a record of the own training corpus breaks its format",
    "E611": "a shipped model was trained with another feature size",
    "E700": "the web extra is not installed",
    "E800": "Dask is not installed",
})


class PolemosError(Exception):
    """An error a user can act on: ``code`` (registered in ``CODES``), ``message`` and a ``hint``."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        if code not in CODES:
            raise LookupError(f"error code {code!r} is not registered in polemos.errors.CODES; add it there and to "
                              f"docs/output.md (message was: {message})")
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
