"""One chat turn: resolve the message against the conversation, answer it, remember it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.answering.engine import AnswerEngine
from app.answering.models import Answer
from app.conversation.followup import resolve
from app.storage.conversations import ConversationStore, Turn


@dataclass(frozen=True)
class ChatTurn:
    """What one message was understood as, and its conversation."""

    conversation_id: str
    resolved_question: str


def begin_turn(store: ConversationStore, message: str, conversation_id: str | None) -> ChatTurn:
    """Resolve a message against its conversation (a new random id when none is given)."""
    conversation_id = conversation_id or uuid.uuid4().hex
    return ChatTurn(conversation_id, resolve(message, store.history(conversation_id)))


def resolve_messages(user_messages: list[str]) -> str:
    """The standalone question of the last message of a stateless history (the OpenAI `messages` list)."""
    turns: list[Turn] = []
    for message in user_messages:
        turns.append(Turn(message, resolve(message, turns)))
    return turns[-1].resolved


def finish_turn(store: ConversationStore, engine: AnswerEngine, message: str, turn: ChatTurn) -> Answer:
    """Answer the resolved question and record the turn."""
    answer = engine.ask(turn.resolved_question)
    store.append(turn.conversation_id, Turn(message, turn.resolved_question))
    return answer
