"""One chat turn: resolve the message against the conversation, answer it, remember it."""

from __future__ import annotations

from dataclasses import dataclass

from app.answering.engine import AnswerEngine
from app.answering.models import Answer
from app.conversation.followup import resolve
from app.storage.conversations import ConversationStore, Turn, new_conversation_id


@dataclass(frozen=True)
class ChatTurn:
    """What one message was understood as, and its conversation."""

    conversation_id: str
    resolved_question: str
    owner: str  # the keyed hash of the client the conversation belongs to


def begin_turn(store: ConversationStore, message: str, conversation_id: str | None, owner: str) -> ChatTurn:
    """Resolve a message against its conversation. An id this client was not issued (made up, someone else's,
    expired) starts a new conversation under a new id, which the answer carries."""
    history = store.history(conversation_id, owner) if conversation_id else None
    if conversation_id is None or history is None:
        conversation_id, history = new_conversation_id(), []
    return ChatTurn(conversation_id, resolve(message, history), owner)


def resolve_messages(user_messages: list[str]) -> str:
    """The standalone question of the last message of a stateless history (the OpenAI `messages` list)."""
    turns: list[Turn] = []
    for message in user_messages:
        turns.append(Turn(message, resolve(message, turns)))
    return turns[-1].resolved


def finish_turn(store: ConversationStore, engine: AnswerEngine, message: str, turn: ChatTurn) -> Answer:
    """Answer the resolved question and record the turn."""
    answer = engine.ask(turn.resolved_question)
    store.append(turn.conversation_id, turn.owner, Turn(message, turn.resolved_question))
    return answer
