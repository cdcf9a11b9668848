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


def begin_turn(store: ConversationStore, engine: AnswerEngine, message: str, conversation_id: str | None,
               owner: str) -> ChatTurn:
    """Resolve a message against its conversation. An id this client was not issued (made up, someone else's,
    expired) starts a new conversation under a new id, which the answer carries."""
    history = store.history(conversation_id, owner) if conversation_id else None
    if conversation_id is None or history is None:
        conversation_id, history = new_conversation_id(), []
    return ChatTurn(conversation_id, resolve(message, history, _ReportThroughEngine(engine)), owner)


def resolve_messages(engine: AnswerEngine, user_messages: list[str]) -> str:
    """The standalone question of the last message of a stateless history (the OpenAI `messages` list)."""
    turns: list[Turn] = []
    for message in user_messages:
        turns.append(Turn(message, resolve(message, turns, _ReportThroughEngine(engine))))
    return turns[-1].resolved


class _ReportThroughEngine:
    """The report as resolving sees it: what the engine answers (answers are cached, so the reading chosen is not
    worked out twice) and which words are specific to a topic."""

    def __init__(self, engine: AnswerEngine) -> None:
        self._engine, self._weights = engine, engine.index.term_weights

    def answers(self, reading: str, words: list[str]) -> bool:
        answer = self._engine.ask(reading)
        quoted = "".join(citation.quote for citation in answer.citations)
        return answer.answerable and all(t in quoted for word in words for t in self._weights.specific_bigrams(word))

    def names_a_topic(self, words: list[str]) -> bool:
        return any(self._weights.specific_bigrams(word) for word in words)


def finish_turn(store: ConversationStore, engine: AnswerEngine, message: str, turn: ChatTurn) -> Answer:
    """Answer the resolved question and record the turn."""
    answer = engine.ask(turn.resolved_question)
    store.append(turn.conversation_id, turn.owner, Turn(message, turn.resolved_question))
    return answer
