import time

from app.storage.conversations import ConversationStore, Turn, new_conversation_id
from app.storage.database import Database

OWNER = "a1b2c3d4e5f60718"


def test_history_is_bounded_to_the_newest_turns(database: Database) -> None:
    store = ConversationStore(database, max_turns=3, ttl_seconds=60)
    for n in range(5):
        store.append("c1", OWNER, Turn(f"m{n}", f"r{n}"))
    assert [t.message for t in store.history("c1", OWNER) or []] == ["m2", "m3", "m4"]


def test_idle_conversations_expire(database: Database) -> None:
    store = ConversationStore(database, max_turns=3, ttl_seconds=0.3)
    store.append("c1", OWNER, Turn("m", "r"))
    assert store.history("c1", OWNER)
    time.sleep(0.5)
    assert store.history("c1", OWNER) is None


def test_forget_expired_deletes_idle_conversations_and_their_text_and_counts_them(database: Database) -> None:
    store = ConversationStore(database, max_turns=3, ttl_seconds=60)
    for n in range(4):
        store.append(f"old{n}", OWNER, Turn("secret question", "r"))
    store.append("fresh", OWNER, Turn("m", "r"))
    with database.transaction() as db:  # the old ones were last used two minutes ago
        db.execute("UPDATE conversations SET updated = updated - 120 WHERE conversation_id LIKE ?", ("old%",))
    assert store.forget_expired() == 4
    assert store.forget_expired() == 0
    with database.transaction() as db:
        assert db.execute("SELECT COUNT(*) FROM turns WHERE message = 'secret question'").fetchone()[0] == 0
        assert [r[0] for r in db.execute("SELECT conversation_id FROM conversations").fetchall()] == ["fresh"]


def test_a_conversation_continues_only_for_its_owner_and_only_under_an_issued_id(database: Database) -> None:
    store = ConversationStore(database, max_turns=5, ttl_seconds=60)
    issued = new_conversation_id()
    assert len(issued) >= 32 and issued != new_conversation_id()
    store.append(issued, OWNER, Turn("qa", "ra"))
    assert store.history(issued, OWNER) == [Turn("qa", "ra")]
    assert store.history(issued, "someone-else") is None
    assert store.history("unknown-id-123", OWNER) is None


def test_conversations_are_isolated_and_shared_by_every_store_on_the_database(database: Database) -> None:
    store = ConversationStore(database, max_turns=5, ttl_seconds=60)
    store.append("a", OWNER, Turn("qa", "ra"))
    store.append("b", OWNER, Turn("qb", "rb"))
    other_replica = ConversationStore(database, max_turns=5, ttl_seconds=60)
    assert other_replica.history("a", OWNER) == [Turn("qa", "ra")]
    assert other_replica.history("b", OWNER) == [Turn("qb", "rb")]
