"""kill -9 of a real server process under concurrent feedback writes and questions: every acknowledged feedback
survives, and at most QUERY_LOG_MAX_PENDING answered questions are missing from the query log."""

from __future__ import annotations

from pathlib import Path

from bench.durability import run


def test_acknowledged_feedback_survives_a_kill_9_and_query_log_loss_is_bounded(current_index: Path,
                                                                              tmp_path: Path) -> None:
    result = run(writers=6, seconds=3, data_dir=tmp_path, askers=4, max_pending=2)
    print(f"\ndurability: {result}")
    assert result.acknowledged > 50 and result.answered > 50  # the crash really came mid-load
    assert result.found_of_acknowledged == result.acknowledged
    assert result.stored_in_all >= result.acknowledged
    assert result.unlogged <= result.max_pending
