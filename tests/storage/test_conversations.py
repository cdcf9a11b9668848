import time

from app.storage.conversations import ConversationStore, Turn
from app.storage.database import Database


def test_history_is_bounded_to_the_newest_turns(database: Database) -> None:
    store = ConversationStore(database, max_turns=3, ttl_seconds=60)
    for n in range(5):
        store.append("c1", Turn(f"m{n}", f"r{n}"))
    assert [t.message for t in store.history("c1")] == ["m2", "m3", "m4"]


def test_idle_conversations_expire(database: Database) -> None:
    store = ConversationStore(database, max_turns=3, ttl_seconds=0.3)
    store.append("c1", Turn("m", "r"))
    assert store.history("c1")
    time.sleep(0.5)
    assert store.history("c1") == []
    store.append("c1", Turn("again", "again"))
    assert [t.message for t in store.history("c1")] == ["again"]


def test_conversations_are_isolated_and_shared_by_every_store_on_the_database(database: Database) -> None:
    store = ConversationStore(database, max_turns=5, ttl_seconds=60)
    store.append("a", Turn("qa", "ra"))
    store.append("b", Turn("qb", "rb"))
    other_replica = ConversationStore(database, max_turns=5, ttl_seconds=60)
    assert other_replica.history("a") == [Turn("qa", "ra")]
    assert other_replica.history("b") == [Turn("qb", "rb")]
    assert other_replica.history("unknown") == []
