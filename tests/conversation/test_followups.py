"""Follow-up questions resolve against the conversation, through POST /api/chat with the real engine."""

import pytest
from fastapi.testclient import TestClient

# Each conversation: (message, figure expected in the answer, or None for a refusal), in order.
CONVERSATIONS = {
    "gdp-target-then-growth": [("去年GDP多少？", "1609亿元"), ("那今年的目标呢？", None), ("增长了多少？", "5.2%")],
    "gdp-growth-then-year": [("2023年地区生产总值是多少", "1609亿元"), ("增长了多少？", "5.2%")],
    "5g-year-switch": [("今年计划新建多少个5G基站？", "1200个"), ("去年呢？", "2751个")],
    "5g-pronoun": [("去年新建5G基站多少个", "2751个"), ("它的目标是多少？", "1200个")],
    "grain-three-turns": [("去年粮食总产多少", "189亿斤"), ("今年呢？", "190亿斤"), ("去年呢", "189亿斤")],
    "income-swap": [("去年城镇居民收入增长多少", "5.2%"), ("农村的呢？", "8.3%")],
    "key-projects": [("2023年实施了多少个重点项目？", "612个"), ("那2024年呢？", "510个以上")],
    "english-5g": [("How many 5G base stations were built in 2023?", "2751个"), ("And this year?", "1200个")],
    "english-income": [("How much did urban incomes grow in 2023?", "5.2%"), ("And rural?", "8.3%")],
    "english-gdp-growth": [("What was the GDP in 2023?", "1609亿元"), ("And the growth?", "5.2%")],
    "new-question-not-contaminated": [("去年新建5G基站多少个", "2751个"), ("今年粮食总产目标是多少", "190亿斤"),
                                      ("去年呢？", "189亿斤")],
    "loans-year-switch": [("2023年贷款余额突破了多少？", "1500亿元"), ("今年的目标呢", "1800亿元")],
    # Words of its own that name no topic of the report ("力争达到"): read with the earlier topic.
    "plan-words-only": [("去年贷款余额突破多少", "1500亿元"), ("今年力争达到多少？", "1800亿元")],
    # A topic of its own, in the report (高校毕业生) or not (地铁, 小麦, hospitals): never answered with another.
    "own-topic-not-borrowed": [("去年农牧民转移就业多少人", "43.97万人"), ("那去年高校毕业生就业多少人？", None)],
    "outside-topic-not-borrowed": [("去年新建5G基站多少个", "2751个"), ("地铁修了多少公里？", None)],
    "outside-crop-not-borrowed": [("去年粮食总产多少", "189亿斤"), ("今年小麦产量多少？", None)],
    "english-outside-topic": [("What was Tongliao's GDP in 2023?", "1609亿元"),
                              ("How many hospitals were built?", None)],
    # Pointing back ("在这件事上") and asking words ("What's the requirement") name no topic; a glossary word
    # ("grain") names the earlier one.
    "pointing-back": [("2023年消化批而未供和闲置土地多少亩？", "1.9万亩"), ("今年在这件事上的安排是多少？", "1.5万亩")],
    "english-asking-words": [("What was Tongliao's total grain output in 2023?", "189亿斤"),
                             ("What's the goal for this year?", "190亿斤")],
    # The other year's figure of a metric worded otherwise is followed only when the wording is nearly the same:
    # a word added in front (新设, 优质基础) or in the middle (产业) makes another metric, never answered for it.
    "counterpart-not-a-subset": [("今年实施多少个重点产业项目？", "249个"), ("去年呢？", None)],
    "counterpart-not-the-total": [("今年新设市场主体多少户？", "5万户"), ("去年呢？", None)],
    "counterpart-not-all-cattle": [("今年优质基础母牛存栏目标多少头？", "200万头"), ("去年呢？", None)],
    "counterpart-not-another-fund": [("去年争取到位上级项目资金增长多少？", "26.8%"), ("今年呢？", None)],
    "english-how-fast": [("What were the total retail sales of consumer goods in 2023?", "344.4亿元"),
                         ("How fast did that grow?", "4.5%")],
}


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_follow_ups_inherit_metric_year_and_kind(client: TestClient, name: str) -> None:
    conversation_id = None
    for message, figure in CONVERSATIONS[name]:
        payload = {"message": message} | ({"conversation_id": conversation_id} if conversation_id else {})
        body = client.post("/api/chat", json=payload).json()
        conversation_id = body["conversation_id"]
        assert body["resolved_question"], body
        if figure is None:
            assert body["answerable"] is False, (message, body["resolved_question"], body["answer"])
        else:
            assert body["answerable"] is True, (message, body["resolved_question"], body["answer"])
            assert figure in body["answer"], (message, body["resolved_question"], body["answer"])


def test_a_self_contained_question_ignores_the_history(client: TestClient) -> None:
    first = client.post("/api/chat", json={"message": "去年新建5G基站多少个"}).json()
    second = client.post("/api/chat", json={"message": "2024年网络零售总额目标是多少？",
                                            "conversation_id": first["conversation_id"]}).json()
    assert second["resolved_question"] == "2024年网络零售总额目标是多少？"
    assert "85亿元" in second["answer"]


def test_two_conversations_never_see_each_others_history(client: TestClient) -> None:
    a = client.post("/api/chat", json={"message": "去年新建5G基站多少个"}).json()
    b = client.post("/api/chat", json={"message": "去年粮食总产多少"}).json()
    assert a["conversation_id"] != b["conversation_id"]
    follow_a = client.post("/api/chat", json={"message": "今年呢？", "conversation_id": a["conversation_id"]}).json()
    follow_b = client.post("/api/chat", json={"message": "今年呢？", "conversation_id": b["conversation_id"]}).json()
    assert "1200个" in follow_a["answer"] and "190亿斤" in follow_b["answer"]


def test_a_plan_question_followed_by_another_year_asks_the_same_of_that_year(client: TestClient) -> None:
    first = client.post("/api/chat", json={"message": "今年冬天供暖有什么打算？"}).json()
    assert first["kind"] == "measures"
    second = client.post("/api/chat", json={"message": "去年呢？", "conversation_id": first["conversation_id"]}).json()
    assert second["resolved_question"] == "2023年冬天供暖有什么打算？"
    assert all(c["year"] == 2023 for c in second["citations"])


def test_a_question_of_its_own_kind_is_never_read_as_a_follow_up(client: TestClient) -> None:
    first = client.post("/api/chat", json={"message": "今年冬天供暖有什么打算？"}).json()
    second = client.post("/api/chat", json={"message": "通辽市长是谁",
                                            "conversation_id": first["conversation_id"]}).json()
    assert second["resolved_question"] == "通辽市长是谁"
    assert second["answerable"] is False and second["missing"] == "official"


def test_a_follow_up_without_a_conversation_is_answered_alone(client: TestClient) -> None:
    body = client.post("/api/chat", json={"message": "今年呢？"}).json()
    assert body["resolved_question"] == "今年呢？"
    assert body["answerable"] is False


@pytest.mark.parametrize("conversation_id", ["", "a b", "x" * 65, "../etc"])
def test_a_malformed_conversation_id_is_rejected(client: TestClient, conversation_id: str) -> None:
    response = client.post("/api/chat", json={"message": "今年呢？", "conversation_id": conversation_id})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
