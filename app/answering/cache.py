"""A bounded, thread-safe cache of answers: hotlines and widgets hear the same questions again and again."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from app.answering.models import Answer


class AnswerCache:
    """Least-recently-used answers by key; size 0 keeps nothing. Returns copies, so callers may edit them."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Answer | None:
        """A copy of the cached answer, or None."""
        with self._lock:
            answer = self._items.get(key)
            if answer is None:
                return None
            self._items.move_to_end(key)
        return answer.model_copy(deep=True)

    def put(self, key: Hashable, answer: Answer) -> None:
        """Keep a copy of `answer`, dropping the least recently used beyond the size."""
        if self._size <= 0:
            return
        with self._lock:
            self._items[key] = answer.model_copy(deep=True)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
