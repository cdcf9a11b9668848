"""One chat turn: resolve the message against the conversation, answer it, remember it."""

from __future__ import annotations

from dataclasses import dataclass

from app.answering.calibration import COUNTERPART_SHARE
from app.answering.engine import AnswerEngine
from app.answering.models import Answer
from app.answering.question import Question, glossary_hits
from app.conversation.followup import own_metric, resolve
from app.corpus.facts import base_metric
from app.lexical.cedict import naming_words
from app.retrieval.text import bigrams
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


def resolve_messages(engine: AnswerEngine, user_messages: list[str], keep: int) -> str:
    """The standalone question of the last message of a stateless history (the OpenAI `messages` list), from its
    last `keep` messages; only the last one may cost the engine a reading (the others are resolved from words)."""
    turns: list[Turn] = []
    recent = user_messages[-keep:]
    for number, message in enumerate(recent, start=1):
        report = _ReportThroughEngine(engine) if number == len(recent) else None
        turns.append(Turn(message, resolve(message, turns, report)))
    return turns[-1].resolved


class _ReportThroughEngine:
    """The report as resolving sees it: which words name its topics (rare bigrams of the report; for English, words
    the bridge maps to such), which name things it lacks (dictionary nouns it never uses; English words the bridge
    cannot map), and what the engine answers (cached, so the reading chosen is not worked out twice)."""

    def __init__(self, engine: AnswerEngine) -> None:
        index = engine.index
        self._engine, self._weights, self._bridge = engine, index.term_weights, index.english
        self._text = "\n".join(document.text for document in index.documents.values())

    def topic_words(self, question: Question) -> list[str]:
        words = own_metric(question).split()
        if question.language == "en":
            return [w for w in words if any(self._weights.specific_bigrams(term) for term in self._report_words(w))]
        return [w for w in words if self._weights.specific_bigrams(w)]

    def _report_words(self, english: str) -> list[str]:
        """The report's words for an English word, through the glossary and the dictionary bridge."""
        return [term for _, term in glossary_hits(english, "en") + self._bridge.lookup(english)]

    def names_an_outside_topic(self, question: Question) -> bool:
        words = own_metric(question).split()
        if question.language == "en":
            return any(len(w) >= 3 and w.isalpha() and not self._report_words(w) for w in words)
        nouns = naming_words()
        return any(w[i : i + n] in nouns and w[i : i + n] not in self._text
                   for w in words for n in (2, 3, 4) for i in range(len(w) - n + 1))

    def answers(self, reading: str) -> bool:
        return self._engine.ask(reading).answerable

    def counterpart(self, earlier: str, year: int) -> str | None:
        """The metric words of `year`'s figure of the same metric as the one that answered `earlier`: the report
        often words a metric's 2023 result and 2024 target a little differently (消化批而未供和闲置土地 /
        消化批而未供土地). Only a near-identical wording counts: the same first and last words and most bigrams in
        common — 重点产业项目 is not 重点项目, 新设市场主体 not 市场主体."""
        answer = self._engine.ask(earlier)
        if len(answer.figures) != 1 or answer.figures[0].year == year:
            return None
        figure = answer.figures[0]
        doc_id = answer.citations[figure.citation - 1].doc_id
        facts = self._engine.index.facts
        found = next((f for f in facts if (f.doc_id, f.start, f.end) == (doc_id, figure.start, figure.end)), None)
        if found is None:
            return None
        same_unit = [f for f in facts if f.doc_id == found.doc_id and f.year == year and f.unit == found.unit
                     and f.kind == found.kind]
        scored = sorted(((_likeness(found.metric, f.metric), f.metric) for f in same_unit), reverse=True)
        if not scored or scored[0][0] <= COUNTERPART_SHARE or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None  # nothing close enough, or two equally close: no guess
        return scored[0][1]


def _likeness(a: str, b: str) -> float:
    """Shared bigrams over all bigrams of two metric phrases (without their verbs), 0 unless they start and end
    alike: a word added in front (新设, 入库, 新增) or a head noun changed makes another metric."""
    first, second = bigrams(base_metric(a)), bigrams(base_metric(b))
    if not first or not second or first[0] != second[0] or first[-1] != second[-1]:
        return 0.0
    return len(set(first) & set(second)) / len(set(first) | set(second))


def finish_turn(store: ConversationStore, engine: AnswerEngine, message: str, turn: ChatTurn) -> Answer:
    """Answer the resolved question and record the turn."""
    answer = engine.ask(turn.resolved_question)
    store.append(turn.conversation_id, turn.owner, Turn(message, turn.resolved_question))
    return answer
