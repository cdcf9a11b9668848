from app.answering.cache import AnswerCache
from app.answering.models import Answer
from app.service import Service


def _answer(text: str) -> Answer:
    return Answer(answer=text, answerable=True, citations=[])


def test_cache_is_bounded_and_least_recently_used_goes_first() -> None:
    cache = AnswerCache(2)
    cache.put("a", _answer("A"))
    cache.put("b", _answer("B"))
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("c", _answer("C"))
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None


def test_cached_answers_are_copies_and_size_zero_keeps_nothing() -> None:
    cache = AnswerCache(4)
    cache.put("a", _answer("A"))
    first = cache.get("a")
    assert first is not None
    first.answer = "changed"
    assert cache.get("a").answer == "A"  # type: ignore[union-attr]
    off = AnswerCache(0)
    off.put("a", _answer("A"))
    assert off.get("a") is None


def test_the_same_question_reworded_only_in_spacing_gets_the_same_answer(service: Service) -> None:
    first = service.engine.ask("今年计划新建多少个5G基站？")
    again = service.engine.ask("  今年计划新建多少个５Ｇ基站？ ")
    assert again == first
