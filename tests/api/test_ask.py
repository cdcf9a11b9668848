import pytest
from fastapi.testclient import TestClient

from app.corpus.documents import Document

QUESTIONS = [
    ("通辽2023年GDP是多少？", "1609亿元", 2023),
    ("今年计划新建多少个5G基站？", "1200个", 2024),
    ("How fast did rural incomes grow in 2023?", "8.3%", 2023),
    ("去年新建了多少个5G基站", "2751个", 2023),
    ("2024年粮食总产的目标是多少", "190亿斤", 2024),
    ("What is the target for fixed-asset investment this year?", "530亿元", 2024),
]


@pytest.mark.parametrize(("question", "figure", "year"), QUESTIONS, ids=[q for q, _, _ in QUESTIONS])
def test_answers_with_the_printed_figure_its_year_and_a_verbatim_quote(
    client: TestClient, report: Document, question: str, figure: str, year: int
) -> None:
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 200
    body = response.json()
    assert body["answerable"] is True
    assert figure in body["answer"]
    assert str(year) in body["answer"]
    first = body["citations"][0]
    assert figure in first["quote"]
    assert report.text[first["start"] : first["end"]] == first["quote"]
    assert first["title"] == "2024年通辽市政府工作报告"
    assert {"doc_id", "section", "paragraph"} <= first.keys()


def test_question_the_report_does_not_answer_is_refused_with_nearest_passages(client: TestClient) -> None:
    body = client.post("/api/ask", json={"question": "通辽市有多少个民用机场？"}).json()
    assert body["answerable"] is False
    assert body["citations"], "a refusal still lists the nearest passages"


def test_healthz_reports_loaded_index(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["facts"] > 150


def test_readyz_checks_model_index_and_store(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"model": True, "index": True, "store": True}


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {}}, 422, "missing_field"),
        ({"json": {"question": ""}}, 422, "invalid_request"),
        ({"json": {"question": "   \n\t "}}, 422, "invalid_request"),
        ({"json": {"question": "问" * 501}}, 422, "invalid_request"),
        ({"json": {"question": 42}}, 422, "invalid_request"),
        ({"json": ["通辽GDP"]}, 422, "invalid_request"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "invalid_json"),
        ({"content": "question=GDP", "headers": {"content-type": "text/plain"}}, 415, "unsupported_media_type"),
        ({"content": b"", "headers": {"content-type": "application/json"}}, 400, "empty_body"),
    ],
    ids=["missing", "empty", "whitespace", "too-long", "not-a-string", "not-an-object", "not-json", "text-plain",
         "empty-body"],
)
def test_bad_input_gets_a_4xx_that_says_what_is_wrong(client: TestClient, kwargs: dict, status: int,
                                                      code: str) -> None:
    response = client.post("/api/ask", **kwargs)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


def test_an_oversized_body_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post("/api/ask", content=b'{"question": "' + b"x" * 20000 + b'"}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_question_of_exactly_the_limit_is_accepted(client: TestClient) -> None:
    assert client.post("/api/ask", json={"question": "通辽GDP" + "?" * 495}).status_code == 200
