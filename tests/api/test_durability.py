"""kill -9 of a real server process under concurrent feedback writes: every acknowledged write survives."""

from __future__ import annotations

from pathlib import Path

from bench.durability import run


def test_every_acknowledged_feedback_survives_a_kill_9(current_index: Path, tmp_path: Path) -> None:
    result = run(writers=8, seconds=2, data_dir=tmp_path)
    print(f"\ndurability: {result}")
    assert result.acknowledged > 50  # the crash really came mid-load
    assert result.found_of_acknowledged == result.acknowledged
    assert result.stored_in_all >= result.acknowledged
