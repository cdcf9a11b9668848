/* The chat: the full page at / and the widget's panel at /embed. Answers stream in; follow-ups share a conversation. */
(function () {
  "use strict";
  var qa = window.ReportQA;
  var mode = document.body.getAttribute("data-mode");
  var channel = mode === "embed" ? "widget" : "page";
  var messages = document.getElementById("messages");
  var welcome = messages.querySelector(".welcome");
  var form = document.getElementById("ask-form");
  var input = document.getElementById("question");
  var send = document.getElementById("send");
  var conversationId = null;
  var busy = false;

  function scrollToEnd() { messages.scrollTop = messages.scrollHeight; }

  function addUserMessage(text) {
    var message = qa.el("div", { className: "message user" }, [
      qa.el("span", { className: "visually-hidden", text: qa.t("you_asked") }), qa.el("p", { text: text })]);
    messages.appendChild(message);
    return message;
  }

  /* A follow-up ("今年呢？") is answered as the standalone question the server read it as: say which. */
  function showUnderstood(message, asked, resolved) {
    if (!resolved || resolved.replace(/\s/g, "") === asked.replace(/\s/g, "")) return;
    message.appendChild(qa.el("p", { className: "understood", text: qa.t("understood_as") + resolved }));
  }

  function ask(text) {
    text = text.trim();
    if (!text || busy) return;
    busy = true;
    send.disabled = true;
    if (welcome) welcome.hidden = true;
    var asked = addUserMessage(text);
    var reply = qa.el("div", { className: "message assistant", "aria-busy": "true" });
    var streaming = qa.el("p", { className: "streaming", text: "" });
    var typing = qa.el("span", { className: "typing", text: qa.t("searching") });
    reply.appendChild(typing);
    reply.appendChild(streaming);
    messages.appendChild(reply);
    scrollToEnd();
    var finished = false;
    qa.streamChat({ message: text, conversation_id: conversationId }, {
      meta: function (data) {
        conversationId = data.conversation_id;
        showUnderstood(asked, text, data.resolved_question);
      },
      delta: function (data) {
        typing.hidden = true;
        streaming.textContent += data.text;
        scrollToEnd();
      },
      answer: function (answer) {
        finished = true;
        reply.textContent = "";
        reply.appendChild(qa.answerCard(answer));
        reply.appendChild(qa.feedbackBar(function (verdict) {
          return qa.sendFeedback(verdict, text, answer, channel, conversationId);
        }));
      },
      error: function (body) { throw new Error(body.error && body.error.message); },
    }).then(function () {
      if (!finished) throw new Error(qa.t("incomplete"));
    }).catch(function (err) {
      reply.textContent = "";
      reply.classList.add("error");
      reply.appendChild(qa.el("p", { text: (err && err.message) || qa.t("network") }));
    }).then(function () {
      reply.removeAttribute("aria-busy");
      busy = false;
      send.disabled = false;
      scrollToEnd();
      input.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    ask(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  document.querySelectorAll(".starter").forEach(function (button) {
    button.addEventListener("click", function () { ask(button.textContent); });
  });
  document.getElementById("clear").addEventListener("click", function () {
    conversationId = null;
    Array.prototype.slice.call(messages.children).forEach(function (child) {
      if (child !== welcome) messages.removeChild(child);
    });
    if (welcome) welcome.hidden = false;
    input.focus();
  });

  /* In the widget: the host page's loader asks for focus; Escape or ✕ asks it to close the panel. */
  if (mode === "embed") {
    var close = function () { window.parent.postMessage({ type: "tongliao-qa:close" }, "*"); };
    document.getElementById("close").addEventListener("click", close);
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
    window.addEventListener("message", function (event) {
      if (event.source === window.parent && event.data && event.data.type === "tongliao-qa:focus") input.focus();
    });
  } else {
    input.focus();
  }
})();
