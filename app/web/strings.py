"""The words of the pages, per language: Chinese by default, English for visitors who ask in English."""

from __future__ import annotations

from typing import Literal

Language = Literal["zh", "en"]

# Shown by the templates (page chrome) and, under "js", by the scripts (answers, feedback, errors).
STRINGS: dict[str, dict] = {
    "zh": {
        "html_lang": "zh-CN",
        "welcome": "您好！我可以回答关于《{title}》的问题，每个数字都注明出处和原文。",
        "starters_label": "可以这样问",
        "clear_text": "清空", "clear_label": "清空对话，重新开始", "close_label": "关闭问答窗口",
        "messages_label": "对话记录", "input_label": "输入您的问题",
        "placeholder": "输入问题，例如：去年GDP是多少？", "send": "发送", "send_label": "发送问题",
        "footnote": "答案只引用报告原文；点击 [编号] 查看出处。",
        "js": {
            "you_asked": "您问：", "understood_as": "理解为：", "searching": "正在查找报告…",
            "incomplete": "回答没有完整送达，请重试。",
            "network": "网络出错了，请重试。", "sources": "出处", "view_source": "查看原文",
            "paragraph": "第{n}段", "nearby": "报告中相近的内容：",
            "not_found_figure": "报告中没有找到这个数字", "not_found_other_year": "报告不涉及这个年份",
            "not_found_procedure": "报告没有讲办事流程", "not_found_official": "报告没有提到人员姓名", "not_found_address": "报告没有给出地址",
            "not_found_yesno": "报告没有提到这件事", "not_found_definition": "报告没有解释这个说法",
            "not_found_comparison": "报告没有给出可比的两个数字", "not_found_not_covered": "报告中没有找到答案",
            "yes": "是", "computed": "按报告数字计算（非报告原文）：",
            "feedback_prompt": "这个回答对吗？", "correct": "✓ 正确", "wrong_figure": "✗ 数字有误",
            "not_found_verdict": "∅ 没找到", "thanks": "已记录，谢谢反馈", "feedback_failed": "反馈没有发送成功，请重试",
            "unavailable": "服务暂时不可用（{status}），请稍后再试。", "result": "{year}年实绩", "target": "{year}年目标",
        },
    },
    "en": {
        "html_lang": "en",
        "welcome": "Hello! I answer questions about “{title}”, with the source and the exact words for every figure.",
        "starters_label": "Try asking",
        "clear_text": "Clear", "clear_label": "Clear the conversation and start again", "close_label": "Close",
        "messages_label": "Conversation", "input_label": "Your question",
        "placeholder": "e.g. What was GDP in 2023?", "send": "Send", "send_label": "Send the question",
        "footnote": "Answers quote the report only; click a [number] to see the source.",
        "js": {
            "you_asked": "You asked: ", "understood_as": "Understood as: ", "searching": "Searching the report…",
            "incomplete": "The answer did not arrive completely; please try again.", "network": "Network error; please try again.",
            "sources": "Sources", "view_source": "view source", "paragraph": "paragraph {n}",
            "nearby": "What the report says nearby:", "not_found_figure": "The report does not give this figure",
            "not_found_other_year": "The report does not cover that year",
            "not_found_procedure": "The report does not describe procedures",
            "not_found_official": "The report names no officials",
            "not_found_address": "The report gives no addresses", "not_found_yesno": "The report does not say",
            "not_found_definition": "The report does not define this term",
            "not_found_comparison": "The report does not give both figures",
            "not_found_not_covered": "The report does not answer this", "yes": "Yes",
            "computed": "Computed from the report's figures (not printed in it):",
            "feedback_prompt": "Was this answer right?", "correct": "✓ Right", "wrong_figure": "✗ Wrong figure",
            "not_found_verdict": "∅ Not found", "thanks": "Thank you, noted", "feedback_failed":
            "The feedback was not sent; please try again.", "unavailable":
            "The service is unavailable ({status}); please try again shortly.", "result": "{year} result",
            "target": "{year} target",
        },
    },
}
