/* The 12345 hotline console: keyboard first. Enter asks, Alt+C copies the reply, Alt+1/2/3 flag it, Alt+N new call. */
(function () {
  "use strict";
  var qa = window.ReportQA;
  var form = document.getElementById("ask-form");
  var input = document.getElementById("question");
  var result = document.getElementById("result");
  var statusLine = document.getElementById("status");
  var relatedList = document.getElementById("related");
  var recentList = document.getElementById("recent");
  var RECENT_KEY = "hotline.recent";
  var FLAGS = { "1": ["correct", "正确"], "2": ["wrong_figure", "数字有误"], "3": ["not_found", "报告未涵盖"] };
  var current = null; // {question, answer, sentence, flagged}
  var conversationId = null;

  function say(text) { statusLine.textContent = text; }

  /* The sentence the operator reads to the caller: built by the server from the answer's own clauses and spans
     (fixed template words and the report's words only), never searched for here. */
  function readySentence(answer) {
    return answer.read_aloud || answer.answer;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = qa.el("textarea", { "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copyReply() {
    if (!current) return;
    copyText(current.sentence).then(function () { say("已复制答复"); }, function () { say("复制失败，请手动选中答复文字"); });
  }

  function flag(key) {
    if (!current || !FLAGS[key]) return;
    var verdict = FLAGS[key];
    var shown = current;
    qa.sendFeedback(verdict[0], shown.question, shown.answer, "hotline", conversationId).then(
      function () { shown.flagged = verdict[1]; say("已标记：" + verdict[1]); },
      function (err) { say("标记没有保存：" + err.message); });
  }

  function questionButton(text) {
    var button = qa.el("button", { type: "button", className: "question-link", text: text });
    button.addEventListener("click", function () { input.value = text; ask(text); });
    return qa.el("li", {}, [button]);
  }

  function recentQuestions() {
    try { return JSON.parse(sessionStorage.getItem(RECENT_KEY) || "[]"); } catch (e) { return []; }
  }
  function remember(question) {
    var recent = recentQuestions().filter(function (q) { return q !== question; });
    recent.unshift(question);
    sessionStorage.setItem(RECENT_KEY, JSON.stringify(recent.slice(0, 12)));
    drawRecent();
  }
  function drawRecent() {
    recentList.textContent = "";
    recentQuestions().forEach(function (q) { recentList.appendChild(questionButton(q)); });
  }

  function show(question, answer) {
    var sentence = readySentence(answer);
    current = { question: question, answer: answer, sentence: sentence };
    var copy = qa.el("button", { type: "button", className: "copy", text: "复制答复 (Alt+C)" });
    copy.addEventListener("click", copyReply);
    var heard = answer.resolved_question && answer.resolved_question !== question
      ? qa.el("p", { className: "understood", text: "理解为：" + answer.resolved_question }) : null;
    var card = qa.el("div", { className: "reply " + (answer.answerable ? "answerable" : "not-found") }, [
      qa.el("p", { className: "asked", text: "问：" + question }),
      heard,
      qa.el("div", { className: "ready" }, [
        qa.el("p", { className: "ready-label", text: answer.answerable ? "可以这样答复：" : "报告未涵盖这个问题，可以这样答复：" }),
        qa.el("p", { className: "ready-sentence", text: sentence }),
        copy,
      ]),
      qa.answerCard(answer, { openFirstCitation: true }),
    ]);
    result.textContent = "";
    result.appendChild(card);
    relatedList.textContent = "";
    (answer.related || []).forEach(function (q) { relatedList.appendChild(questionButton(q)); });
  }

  function ask(text) {
    var question = text.trim();
    if (!question) return;
    say("查询中…");
    qa.postJson("/api/chat", { message: question, conversation_id: conversationId, include_related: true })
      .then(function (answer) {
        conversationId = answer.conversation_id;
        show(question, answer);
        remember(question);
        say(answer.answerable ? "已找到答复" : "报告未涵盖这个问题");
        input.select();
      }, function (err) { say(err.message); });
  }

  function newCall() {
    conversationId = null;
    current = null;
    result.textContent = "";
    relatedList.textContent = "";
    input.value = "";
    say("新来电：已清空上一位来电人的对话");
    input.focus();
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); ask(input.value); });
  document.getElementById("new-call").addEventListener("click", newCall);
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    var key = event.code.indexOf("Digit") === 0 ? event.code.slice(5) : event.key.toLowerCase();
    if (event.code === "KeyC") { event.preventDefault(); copyReply(); }
    else if (event.code === "KeyN") { event.preventDefault(); newCall(); }
    else if (FLAGS[key]) { event.preventDefault(); flag(key); }
  });
  drawRecent();
  input.focus();
})();
