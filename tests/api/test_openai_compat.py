"""The official `openai` package, pointed at the running app, gets the figure and the citations."""

import httpx
import pytest
from openai import BadRequestError, OpenAI


@pytest.fixture(scope="module")
def openai_client(live_server: str) -> OpenAI:
    return OpenAI(base_url=f"{live_server}/v1", api_key="not-needed", max_retries=0)


def test_blocking_completion_has_the_figure_markers_and_citations(openai_client: OpenAI) -> None:
    completion = openai_client.chat.completions.create(
        model="tongliao-report-qa", temperature=0.2,
        messages=[{"role": "system", "content": "你是问答助手"},
                  {"role": "user", "content": "今年计划新建多少个5G基站？"}],
    )
    assert completion.object == "chat.completion"
    assert isinstance(completion.created, int) and completion.created < 10**10  # seconds, not milliseconds
    choice = completion.choices[0]
    assert choice.index == 0 and choice.finish_reason == "stop"
    content = choice.message.content or ""
    assert "1200个" in content and "[1]" in content
    citations = (completion.model_extra or {})["citations"]
    assert citations[0]["index"] == 1 and "1200个" in citations[0]["quote"]


def test_streaming_completion_matches_the_blocking_one(openai_client: OpenAI) -> None:
    chunks = list(openai_client.chat.completions.create(
        model="tongliao-report-qa", stream=True, messages=[{"role": "user", "content": "今年计划新建多少个5G基站？"}],
    ))
    assert len({c.id for c in chunks}) == 1
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert [c.choices[0].finish_reason for c in chunks][-1] == "stop"
    assert all(c.choices[0].finish_reason is None for c in chunks[:-1])
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "1200个" in text and "[1]" in text
    assert "1200个" in (chunks[-1].model_extra or {})["citations"][0]["quote"]


def test_messages_history_resolves_follow_ups(openai_client: OpenAI) -> None:
    completion = openai_client.chat.completions.create(model="any", messages=[
        {"role": "user", "content": "去年新建5G基站多少个"},
        {"role": "assistant", "content": "2751个（2023年实绩）。[1]"},
        {"role": "user", "content": [{"type": "text", "text": "今年呢？"}]},
    ])
    assert "1200个" in (completion.choices[0].message.content or "")


def test_models_lists_the_model(openai_client: OpenAI) -> None:
    assert [m.id for m in openai_client.models.list()] == ["tongliao-report-qa"]


def test_bad_requests_get_the_openai_error_shape(openai_client: OpenAI, live_server: str) -> None:
    with pytest.raises(BadRequestError) as excinfo:
        openai_client.chat.completions.create(model="x", messages=[])
    assert excinfo.value.status_code == 400
    body = httpx.post(f"{live_server}/v1/chat/completions", json={"model": "x", "messages": [
        {"role": "assistant", "content": "hi"}]}).json()
    assert body["error"]["type"] == "invalid_request_error" and body["error"]["message"]
    not_json = httpx.post(f"{live_server}/v1/chat/completions", content=b"{",
                          headers={"content-type": "application/json"})
    assert not_json.status_code == 400 and "error" in not_json.json()


def test_the_openai_endpoint_carries_the_kind_and_parts_of_every_answer(openai_client: OpenAI) -> None:
    completion = openai_client.chat.completions.create(
        model="tongliao-report-qa", messages=[{"role": "user", "content": "今年要办哪些节会？"}])
    extra = completion.model_extra or {}
    assert extra["kind"] == "list"
    assert [i["text"] for i in extra["items"]] == ["西辽河文化节", "科尔沁运动大会", "“8·18”哲里木赛马节"]
    assert "西辽河文化节" in (completion.choices[0].message.content or "")
