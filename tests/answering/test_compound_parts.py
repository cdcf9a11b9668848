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


def test_urban_and_rural_figures_are_both_given_for_a_chengxiang_question(service: Service) -> None:
    answer = service.engine.ask("城乡居民人均可支配收入分别增长了多少？")
    assert [(f.printed, f.metric[:2]) for f in answer.figures] == [("5.2%", "城镇"), ("8.3%", "农村")]


def test_each_listed_item_gets_its_own_figure_not_its_neighbours(service: Service) -> None:
    assert [f.printed for f in service.engine.ask("基本养老保险参保率达到多少").figures] == ["93%"]
    assert [f.printed for f in service.engine.ask("基本医疗保险参保率达到多少").figures] == ["96.7%"]


def test_an_english_word_inside_another_does_not_decide_the_kind(service: Service) -> None:
    # "rise" inside "enterprises" once made this a growth question, answered with 增长4倍.
    answer = service.engine.ask("How much did the profits of city-owned state enterprises reach in 2023?")
    assert [f.printed for f in answer.figures] == ["5.1亿元"]
