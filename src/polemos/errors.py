"""Coded errors. Each says what failed, on which input, and what to do.

Every code polemos raises is registered once in ``CODES`` (code -> meaning, default hint, HTTP status), documented
in ``docs/output.md`` (a test checks both), and raising an unregistered code is itself an error, so a new code
cannot slip in unlisted. A raise site gives the message (what failed, on which input); when it gives no hint, the
registered one is used, so every error tells the user what to do.
Ranges: E0xx set-up and shipped data, E1xx inputs, E2xx actor files, E3xx store, E4xx exports and filters,
E5xx merging and benchmarks, E6xx tools (eval, train), E7xx server, E8xx distributed runs.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

__all__ = ["CODES", "Code", "PolemosError", "InputError", "error_json", "http_status", "DATA_HINT"]


class Code(NamedTuple):
    """One registered error: what it means, what the user can do (the default hint), the API's HTTP status."""

    meaning: str
    hint: str
    http: int = 400


CODES: MappingProxyType[str, Code] = MappingProxyType({
    "E010": Code("the spaCy model package is not installed",
        "run `make install` (or `pip install -e .`) to install en_core_web_sm"),
    "E020": Code("a knowledge file shipped in polemos/data (YAML, TSV) is malformed or lacks an entry",
        "restore the file from the repository (`git checkout -- src/polemos/data`) or fix the entry named"),
    "E030": Code("the pipeline's stages do not fit together (a need no earlier stage assigns, a duplicate, an overwrite)",
        "list the stages in an order where each need is assigned earlier (`polemos.pipeline.available_stages()`)"),
    "E031": Code("an unknown pipeline stage name, or a polemos.stages entry point that is not a Stage",
        "use a name from `polemos.pipeline.available_stages()`, or fix the plugin so its entry point loads a Stage"),
    "E032": Code("a stage returned other keys than it declares in assigns (a bug in the stage)",
        "a bug in that stage: report it with the article; the other stages' outputs are kept"),
    "E100": Code("no such file, a folder with no article files, or a file that cannot be read",
        "check the path and its permissions; a folder is read for its .txt, .html, .jsonl and feed files"),
    "E101": Code("binary data (NUL bytes)",
        "give a text, HTML, JSONL or feed file, not a binary one"),
    "E102": Code("not valid UTF-8 / not valid in its declared charset / a lone surrogate (not a Unicode character)",
        "re-encode it as UTF-8, e.g. `iconv -f cp1252 -t utf-8 FILE`"),
    "E103": Code("empty input",
        "give the article's text"),
    "E104": Code("input too large",
        "split the input into articles, one per file or JSONL line"),
    "E105": Code("too short to be a news article",
        "give the whole article, not a fragment"),
    "E106": Code("not English",
        "polemos reads English news only"),
    "E107": Code("no article text in an HTML page",
        "save the article page itself, or give its text"),
    "E108": Code("not a readable RSS/Atom feed",
        "check the feed URL or file; it must be RSS or Atom XML"),
    "E109": Code("a feed entry without a link",
        "the feed entry cannot be fetched without a link; the other entries are read"),
    "E110": Code("URL is not http(s)",
        "give an http:// or https:// URL"),
    "E111": Code("URL host not found",
        "check the host name and the network"),
    "E112": Code("URL is a loopback, private or link-local address",
        "polemos refuses non-public addresses; pass `--allow-private` to read a server you trust on your network"),
    "E113": Code("URL answered with an HTTP error",
        "check that the URL is right and the page is public"),
    "E114": Code("URL could not be fetched (network error)",
        "check the network and retry later"),
    "E115": Code("URL body over the download cap",
        "save the page and give the file, or give its text"),
    "E116": Code("URL fetch did not finish within its deadline (a slow or stalled server)",
        "retry later, or save the page and give the file (the deadline covers the whole fetch)"),
    "E117": Code("URL redirects too often, or redirects without a Location",
        "give the page's final URL (open it in a browser and copy the address)"),
    "E118": Code("feed entry not fetched: the feed's time or byte budget for all its entries is spent",
        "give the remaining entries' URLs directly, or split the feed; the entries fetched are kept"),
    "E119": Code("feed entry links to another feed (feeds inside feeds are not followed)",
        "give that feed's URL itself"),
    "E120": Code("JSONL line is not JSON",
        "each JSONL line must be one JSON object; the other lines are read"),
    "E121": Code("JSONL line is not an object with a text string, or a field is not a string",
        "each JSONL line needs a \"text\" string; id, title, url and published must be strings"),
    "E122": Code("JSONL line is JSON past the reader's limits (a number of over 4,300 digits, nesting too deep)",
        "write long numbers as strings and keep the nesting shallow; the other lines are read"),
    "E130": Code("a run without spaces too long for the parser (too many characters, or too much punctuation)",
        "remove the run (a divider line, an embedded data blob) or break it up with spaces"),
    "E131": Code("parsing the article took longer than the per-article time budget",
        "split the article, or raise the budget with POLEMOS_PARSE_BUDGET (seconds; 0: none)"),
    "E132": Code("POLEMOS_PARSE_BUDGET is not a number of seconds",
        "set POLEMOS_PARSE_BUDGET to a number of seconds (0: no budget), or unset it for the default"),
    "E198": Code("the analysis raised on this article (a bug)",
        "a bug: run `polemos -v analyze ...` and report it with the article; the rest of the batch is analysed"),
    "E199": Code("reading this input raised (a bug in a reader)",
        "a bug in a reader: run `polemos -v analyze ...` and report it with the input; the rest of the batch is read"),
    "E201": Code("actor file not found",
        "check the path given with --actors or POLEMOS_ACTORS"),
    "E202": Code("actor file is not valid YAML",
        "fix the YAML at the line given"),
    "E203": Code("actor file entry is not a mapping with name and kind",
        "each entry needs at least `name` and `kind` (see data/actors/README.md)"),
    "E204": Code("actor file entry has an unknown or missing field",
        "see data/actors/README.md for the fields an actor entry may have"),
    "E205": Code("actor file entry has a date that is not YYYY-MM-DD",
        "write dates as YYYY-MM-DD"),
    "E206": Code("a polemos.actor_kbs entry point that does not give the path of an actor YAML file",
        "make the entry point a str/Path (or a function returning one) of a file in the --actors format"),
    "E300": Code("the store cannot be opened: another process holds it, or the file or its folder refuses access",
        "wait for the other polemos process to finish, or give another --db", http=503),
    "E301": Code("a store migration failed",
        "restore the store from a backup, or start a new one with another --db"),
    "E302": Code("no store at this path",
        "run `polemos analyze ...` first, or give --db", http=404),
    "E303": Code("no single stored article matches this id",
        "give a longer id prefix; `polemos stats` and `polemos export` list the stored ids", http=404),
    "E304": Code("the store was written by a newer polemos (its schema version is unknown here)",
        "open it with the polemos version that wrote it, or upgrade polemos", http=500),
    "E305": Code("the store file is damaged or not a polemos store (truncated, corrupt, not DuckDB)",
        "restore it from a backup (`polemos store backup` makes one) or start a new store with another --db; "
        "`polemos store check` says what is wrong", http=500),
    "E306": Code("a write to the store failed (disk full, file size limit, I/O error)",
        "free disk space or fix the device, then load the spilled batch with `polemos store load FILE`", http=507),
    "E307": Code("`polemos store check` found problems in the store",
        "restore the store from a backup; when only merge records are missing, `polemos merge --rebuild` "
        "recomputes them", http=500),
    "E308": Code("the backup destination exists or cannot be written",
        "give a new file path in a writable folder to `polemos store backup`"),
    "E309": Code("a spill file cannot be loaded (missing, not JSON, not a polemos spill)",
        "give a file written by `polemos analyze` when the store was unavailable (*.spill-*.jsonl)"),
    "E310": Code("a store query failed for another reason (DuckDB said why)",
        "run `polemos store check`; if it finds nothing, report the message (a bug)", http=500),
    "E400": Code("unknown export format",
        "see `polemos export --help` for the formats"),
    "E401": Code("unknown export filter",
        "see `polemos export --help` for the filters"),
    "E402": Code("a date filter that is not a date",
        "write dates as YYYY, YYYY-MM or YYYY-MM-DD"),
    "E403": Code("the store's schema is older than version 2 (no merge tables)",
        "open the store with this polemos, then run `polemos merge --rebuild`"),
    "E404": Code("export output folder does not exist",
        "create the folder first, or give another --out"),
    "E405": Code("an export row does not fit its columns (a bug)",
        "a bug: report it with the export format and the article"),
    "E406": Code("parquet export needs --out DIR",
        "give --out DIR: parquet writes one file per table"),
    "E407": Code("a polemos.exports entry point that is not an export Format",
        "fix the plugin so its entry point loads a polemos.export.Format"),
    "E422": Code("invalid API request parameter",
        "see /docs for the parameters and their values", http=422),
    "E500": Code("no usable article in the benchmark corpus",
        "give a corpus with news articles (see `polemos bench --help`)"),
    "E510": Code("a scenario that names no event polemos can code",
        'write it as a sentence with an actor, a verb and a target: "Azerbaijan attacks Armenia"'),
    "E600": Code("unknown evaluation name",
        "see `polemos eval --help` for the evaluation names"),
    "E601": Code("this build has no trainable model",
        "this build's coder has no trainable model"),
    "E602": Code("a gold file of ../shared/eval is missing",
        "put the shared folder beside the repository, or set POLEMOS_SHARED"),
    "E603": Code("the CASE 2021 gold file is missing",
        "put the shared folder beside the repository, or set POLEMOS_SHARED"),
    "E604": Code("a line of a ../shared/eval gold file is not JSON",
        "restore the gold file from its source"),
    "E605": Code("an entry of an own gold set does not match its text",
        "fix the gold entry so its spans are substrings of its text"),
    "E606": Code("a polemos.evals entry point that does not load to an EvalSet",
        "make the entry point name a polemos.eval.EvalSet object (see docs/architecture.md)"),
    "E610": Code("a record of the own training corpus breaks its format",
        "fix the record named (file, line); see data/train/README.md for the format"),
    "E611": Code("a shipped model was trained with another feature size",
        "re-train with `polemos train`"),
    "E700": Code("the web extra is not installed",
        "run `pip install -e '.[web]'`"),
    "E701": Code("the request's Host header is not one the server answers to (DNS-rebinding guard)",
        "open the dashboard as http://localhost:PORT/, or start it with `polemos serve --allowed-host NAME`"),
    "E702": Code("the request body is over the server's size cap",
        "the API takes GET requests with query parameters; send no body, or a smaller one", http=413),
    "E703": Code("the server raised while answering this request (a bug)",
        "a bug: the server's log has the traceback; report it with the request's path and parameters", http=500),
    "E800": Code("Dask is not installed",
        "run `pip install -e '.[dist]'`"),
})


class PolemosError(Exception):
    """An error a user can act on: ``code`` (registered in ``CODES``), ``message`` and a ``hint``."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        if code not in CODES:
            raise LookupError(f"error code {code!r} is not registered in polemos.errors.CODES; add it there and to "
                              f"docs/output.md (message was: {message})")
        self.code = code
        self.message = message
        self.hint = hint if hint is not None else CODES[code].hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def to_dict(self) -> dict[str, str | None]:
        return error_json(self.code, self.message, self.hint)

    def __reduce__(self) -> tuple[type[PolemosError], tuple[str, ...]]:  # picklable: a Dask worker's error arrives
        return type(self), (self.code, self.message, self.hint)


class InputError(PolemosError):
    """One input (file, URL, feed entry, batch line) could not be turned into an article."""

    def __init__(self, code: str, source: str, message: str, hint: str | None = None) -> None:
        self.source = source
        super().__init__(code, f"{source}: {message}", hint)

    def __reduce__(self) -> tuple[type[PolemosError], tuple[str, ...]]:
        return type(self), (self.code, self.source, self.message.removeprefix(f"{self.source}: "), self.hint)


def http_status(code: str) -> int:
    """The HTTP status the REST API answers with for a registered code (400 when the code is not a polemos one)."""
    entry = CODES.get(code)
    return entry.http if entry is not None else 400


def error_json(code: str, message: str, hint: str | None = None) -> dict[str, str | None]:
    """The one JSON error shape used by the CLI, the store and the REST API."""
    return {"error": code, "message": message, "hint": hint}


DATA_HINT = CODES["E020"].hint  # shipped-data loaders pass it explicitly
