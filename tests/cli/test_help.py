"""Every CLI command (and subcommand) has help, and `--help` works on each."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from polemos.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, cmd in group.commands.items():
        found.append(((*prefix, name), cmd))
        if isinstance(cmd, click.Group):
            found += _commands(cmd, (*prefix, name))
    return found


def test_every_command_has_help_text() -> None:
    commands = _commands(cli)
    assert {"analyze", "stats", "show", "bench", "eval", "export", "merge", "train"} <= {c[0][0] for c in commands}
    for path, cmd in commands:
        assert (cmd.help or "").strip(), f"`polemos {' '.join(path)}` has no help text"
        result = CliRunner().invoke(cli, [*path, "--help"], prog_name="polemos")
        assert result.exit_code == 0, result.output
        assert "Usage: " in result.output and "polemos " + " ".join(path) in result.output
        for param in cmd.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert param.help, f"option {param.opts} of `polemos {' '.join(path)}` has no help"


def test_top_level_help_lists_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in ("analyze", "stats", "show", "bench", "eval", "export"):
        assert name in result.output


def test_an_unwritable_output_path_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from polemos.cli import main
    from polemos.store import Store

    db = tmp_path / "s.duckdb"
    Store(db).close()
    monkeypatch.setattr(sys, "argv", ["polemos", "export", "--format", "geojson", "--db", str(db), "--out",
                                      str(tmp_path)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.startswith("error: [E900]") and "Traceback" not in err
    assert str(tmp_path) in err and len(err.strip().splitlines()) == 1


def test_eval_limit_must_be_positive() -> None:
    result = CliRunner().invoke(cli, ["eval", "claims", "--limit", "0"], prog_name="polemos")
    assert result.exit_code == 2 and "--limit" in result.output and "Traceback" not in result.output


def test_bench_counts_must_be_positive() -> None:
    for args in (["--n", "0"], ["--rounds", "0"]):
        result = CliRunner().invoke(cli, ["bench", *args], prog_name="polemos")
        assert result.exit_code == 2 and args[0] in result.output, result.output
