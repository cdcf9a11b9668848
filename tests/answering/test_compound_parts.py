"""Each part of a compound question passes the same checks as a single question before it is answered."""

from app.service import Service


def test_a_part_whose_metric_modifier_is_missing_is_refused_not_filled_with_another_figure(service: Service) -> None:
    answer = service.engine.ask("2023年GDP和人均GDP各是多少？")
    assert [f.printed for f in answer.figures] == ["1609亿元"]
    assert "5.2%" not in answer.answer
    assert "没有给出人均GDP" in answer.answer


def test_a_part_about_another_city_gets_no_figure(service: Service) -> None:
    answer = service.engine.ask("2023年通辽和赤峰的GDP分别是多少？")
    assert "31.5万头" not in [f.printed for f in answer.figures]  # a cattle count is not a GDP
    assert not any("赤峰" in f.metric for f in answer.figures)
    assert "赤峰的GDP：1609亿元" not in answer.answer
