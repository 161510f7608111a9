"""A cache file is there whole, or the old one stays: a failed writer leaves no trace."""

from __future__ import annotations

import pytest

from safeonline.core.files import written_whole


def test_a_finished_write_replaces_the_file(tmp_path):
    target = tmp_path / "cache" / "entry.json"
    with written_whole(target) as temp:
        assert temp.parent == target.parent and temp != target
        temp.write_text("new")
    assert target.read_text() == "new"
    assert [p.name for p in target.parent.iterdir()] == ["entry.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "entry.pdf"
    target.write_text("old")
    with pytest.raises(RuntimeError), written_whole(target) as temp:
        temp.write_text("half a PDF")
        raise RuntimeError("renderer died")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["entry.pdf"]
