"""What an editor sees while a build runs: a live line on a terminal, one summary line always."""

from __future__ import annotations

import io
from pathlib import Path

from safeonline.commands.progress import Progress, summary_counts, summary_line, summary_notes
from safeonline.core.stages import StageClock, running, stage


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_plugin_stage_is_drawn_live_on_a_terminal():
    screen = Terminal()
    clock = Progress(screen).watch(StageClock())
    with running(clock), stage("leaflets", items=3) as timing:
        for _ in range(3):
            timing.advance()
    drawn = screen.getvalue()
    assert "\r\x1b[K  leaflets 0/3" in drawn
    assert drawn.endswith("\r\x1b[K")  # the live line is cleared when the stage ends
    assert clock.stages["leaflets"].done == 3


def test_nothing_is_drawn_when_output_is_a_log():
    log = io.StringIO()
    clock = Progress(log).watch(StageClock())
    with running(clock), stage("leaflets", items=2) as timing:
        timing.advance(2)
    assert log.getvalue() == ""


def test_summary_names_counts_and_stage_times(tmp_path: Path):
    (tmp_path / "leaflets").mkdir()
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / "leaflets" / name).write_bytes(b"%PDF")
    stages = {"read": {"counts": {"materials:en": 3, "materials:ar": 2}},
              "pages": {"items": 17}}
    counts = summary_counts(stages, tmp_path)
    assert counts == {"materials:ar": 2, "materials:en": 3, "pages": 17, "leaflets": 2}
    line = summary_line(counts, {"check": 0.12, "read": 0.5, "pages": 1.04})
    assert line == ("materials ar 2, en 3; 17 pages; 2 leaflets in 1.7s "
                    "(check 0.1s, read 0.5s, pages 1.0s)")


def test_a_stage_note_is_named_by_its_stage_under_the_summary():
    """A leaflet that still leaves a hole is not an error, but the editor is told which."""
    clock = StageClock()
    with running(clock), stage("leaflets") as timing:
        timing.notes.append("oversight-questions (ar, A4, Letter) ends on a page 31% full: "
                            "the help box cannot be split")
    with running(clock), stage("pages"):
        pass
    assert summary_notes(clock.as_dict()) == [
        ("leaflets: oversight-questions (ar, A4, Letter) ends on a page 31% full: "
         "the help box cannot be split")]
