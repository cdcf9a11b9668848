"""Conversation sets (`conversations-*.jsonl`): several turns through POST /api/chat in one conversation, each turn
scored as the standalone question the person meant — a figure turn like a figure row, every other kind like a kind
row — so a follow-up ("今年呢？") is right only when it was understood as asked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evals.dataset import EvalRow, check_rows, json_objects, parse_row
from evals.dataset import is_conversation_set as is_conversation_set
from evals.kinds import KindRow, check_kind_rows, parse_kind_row, score_kind_row
from evals.scoring import RowResult, score_row

Turn = EvalRow | KindRow


@dataclass(frozen=True)
class Conversation:
    id: str
    style: str
    turns: list[Turn]


def _turn(conversation: dict, number: int, raw: dict) -> Turn:
    turn_id, style = f"{conversation['id']}/{number}", conversation["style"]
    if raw["want"] == "figure":
        return parse_row({**raw, "id": turn_id, "question": raw["message"], "style": style})
    return parse_kind_row(raw, turn_id, raw["message"], style)


def load_conversations(paths: list[Path]) -> list[Conversation]:
    """Every conversation of the given files, in order."""
    return [Conversation(raw["id"], raw["style"], [_turn(raw, n, t) for n, t in enumerate(raw["turns"], start=1)])
            for raw in json_objects(paths)]


def check_conversations(conversations: list[Conversation], report_text: str) -> list[str]:
    """Problems with the gold data of every turn (as for figure and kind rows)."""
    turns = [t for c in conversations for t in c.turns]
    return (check_rows([t for t in turns if isinstance(t, EvalRow)], report_text)
            + check_kind_rows([t for t in turns if isinstance(t, KindRow)], report_text))


def score_turn(turn: Turn, body: dict, documents: dict[str, str], latency_ms: float) -> RowResult:
    """Score one turn's answer: as a figure row or as a kind row."""
    if isinstance(turn, EvalRow):
        return score_row(turn, body, documents, None, latency_ms)
    return score_kind_row(turn, body, documents, latency_ms)


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def summarise_conversations(conversations: list[Conversation], results: list[RowResult]) -> dict:
    """Accuracy of first turns, of follow-up turns (by style and by what they want), and of whole conversations."""
    right = {r.id: r.correct for r in results}
    groups: dict[str, dict[str, list[bool]]] = {"by_style": {}, "by_want": {}}
    for conversation in conversations:
        for turn in conversation.turns[1:]:
            want = "figure" if isinstance(turn, EvalRow) else turn.want
            groups["by_style"].setdefault(conversation.style, []).append(right[turn.id])
            groups["by_want"].setdefault(want, []).append(right[turn.id])
    return {
        "conversations": len(conversations), "turns": len(results),
        "first_turn_accuracy": _share([right[c.turns[0].id] for c in conversations]),
        "follow_up_accuracy": _share([right[t.id] for c in conversations for t in c.turns[1:]]),
        "conversation_accuracy": _share([all(right[t.id] for t in c.turns) for c in conversations]),
        "quotes_verbatim": _share([r.quotes_verbatim for r in results]),
        **{key: {name: {"n": len(flags), "accuracy": _share(flags)} for name, flags in sorted(group.items())}
           for key, group in groups.items()},
    }
