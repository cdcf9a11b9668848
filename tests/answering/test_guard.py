from app.answering.guard import is_grounded, ungrounded_numbers
from app.answering.models import Answer, Citation, Figure
from app.service import Service

QUOTE = "新建5G基站2751个,60%的行政嘎查村实现5G网络覆盖。"


def _answer(text: str, printed: str = "2751个") -> Answer:
    citation = Citation(doc_id="d", title="t", section="s", paragraph=7, quote=QUOTE, start=0, end=len(QUOTE),
                        year=2023, year_label="2023年实绩")
    figure = Figure(printed=printed, year=2023, year_label="2023年实绩", kind="count", metric="新建5G基站",
                    citation=1)
    return Answer(answer=text, answerable=True, citations=[citation], figures=[figure])


def test_numbers_backed_by_the_quote_pass() -> None:
    assert is_grounded(_answer("2751个（2023年实绩）[1]。原文：“新建5G基站2751个”"))


def test_a_number_missing_from_every_quote_is_caught() -> None:
    assert ungrounded_numbers(_answer("2752个（2023年实绩）", printed="2752个")) == ["2752个", "2752"]
    assert not is_grounded(_answer("2751个，比上年多120个"))


def test_every_answer_the_engine_gives_is_grounded(service: Service) -> None:
    questions = ["通辽2023年GDP是多少？", "5G基站去年建了多少、今年计划多少", "粮食产量多少",
                 "How many 5G base stations will be built this year?", "养老和医疗保险参保率各是多少",
                 "通辽有多少个机场", "去年进出口总值是多少？"]
    for question in questions:
        answer = service.engine.ask(question)
        assert is_grounded(answer), (question, answer.answer)
