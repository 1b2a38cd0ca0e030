"""Paths as the user typed them (issue 13): a mapped drive is never turned into the share behind it.

On Windows `Path.resolve()` turns `S:\\Committees` into `\\\\server\\share\\Committees`, which cmd.exe
cannot `cd` to; a symbolic link plays the mapped drive here.
"""

from __future__ import annotations

import sys

import pytest

from meeting_packs.cli import app


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_init_names_the_folder_as_typed_not_the_share_behind_it(tmp_path, runner, monkeypatch):
    share = tmp_path / "server-share"
    share.mkdir()
    drive = tmp_path / "S"
    drive.symlink_to(share, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "S/Boards"])
    assert result.exit_code == 0, result.output
    assert str(drive / "Boards") in result.output
    assert "server-share" not in result.output
    assert (share / "Boards" / "boards.toml").is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_documents_are_reported_under_the_folder_as_typed(example_ws, tmp_path, runner):
    drive = tmp_path / "S"
    drive.symlink_to(example_ws, target_is_directory=True)
    result = runner.invoke(app, ["-w", str(drive), "agenda", "hwb", "2019-03-28", "--as-of", "2019-03-01"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(str(drive))
