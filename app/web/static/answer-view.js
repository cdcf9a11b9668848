/* Shared by the chat and the hotline console: talking to the API and drawing answers.
   Every piece of text (questions, answers, report quotes) goes into the page as text nodes, never as HTML. */
(function () {
  "use strict";

  /* The page's words, rendered by the server in its language (data-strings on <body>). */
  var STRINGS = JSON.parse(document.body.getAttribute("data-strings") || "{}");
  function t(key, values) {
    var text = STRINGS[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.replace("{" + name + "}", values[name]); });
    return text;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* The quote as text, with what the answer takes from it wrapped in <mark>: the server sends document offsets
     (citation.highlights), so the browser never searches for a figure inside the quote ("3%" inside "93%"). */
  function highlightedQuote(citation) {
    var block = el("blockquote", { className: "quote" });
    var quote = citation.quote;
    var ranges = (citation.highlights || []).map(function (h) { return [h[0] - citation.start, h[1] - citation.start]; })
      .filter(function (r) { return r[0] >= 0 && r[1] <= quote.length && r[0] < r[1]; });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    ranges.forEach(function (range) {
      if (range[0] < pos) return;
      block.appendChild(document.createTextNode(quote.slice(pos, range[0])));
      block.appendChild(el("mark", { text: quote.slice(range[0], range[1]) }));
      pos = range[1];
    });
    block.appendChild(document.createTextNode(quote.slice(pos)));
    return block;
  }

  function isTarget(label) { return label.indexOf("目标") >= 0; }
  function yearLabel(year, label) { return t(isTarget(label) ? "target" : "result", { year: year }); }

  var uid = 0;

  /* Numbered citations; each opens its verbatim passage with the section name and the figure highlighted. */
  function citationList(answer, openFirst) {
    var list = el("ol", { className: "citations", "aria-label": t("sources") });
    answer.citations.forEach(function (c, i) {
      var id = "cite-" + (++uid);
      var body = el("div", { className: "citation-body", id: id }, [
        el("p", { className: "citation-where", text: "《" + c.title + "》 · " + c.section + " · " +
          t("paragraph", { n: c.paragraph }) + " · " + yearLabel(c.year, c.year_label) }),
        highlightedQuote(c),
      ]);
      body.hidden = !(openFirst && i === 0);
      var toggle = el("button", { type: "button", className: "citation-toggle", "aria-expanded": String(!body.hidden), "aria-controls": id },
        [el("span", { className: "citation-number", text: "[" + (i + 1) + "]" }), " " + c.section + " · ",
          el("span", { className: "citation-action", text: t("view_source") })]);
      toggle.addEventListener("click", function () {
        body.hidden = !body.hidden;
        toggle.setAttribute("aria-expanded", String(!body.hidden));
      });
      list.appendChild(el("li", {}, [toggle, body]));
    });
    return list;
  }

  var TRAILING_VERB = /(完成|达到|达|实现|保持在|为)$/; // "地区生产总值完成" reads as a label without its verb

  /* The figures of an answer, large, each with its year label. */
  function figureRow(answer) {
    var row = el("div", { className: "figures" });
    (answer.figures || []).forEach(function (f) {
      row.appendChild(el("div", { className: "figure" }, [
        el("span", { className: "figure-value", text: f.printed }),
        el("span", { className: "year-label " + (isTarget(f.year_label) ? "target" : "result"),
          text: yearLabel(f.year, f.year_label) }),
        el("span", { className: "figure-metric", text: f.metric.replace(TRAILING_VERB, "") }),
      ]));
    });
    return row;
  }

  /* The parts of a name, list, plan, overview, purpose or definition answer, each with its citation number. */
  function itemList(answer) {
    var numbered = ["list", "measures", "overview"].indexOf(answer.kind) >= 0 && answer.items.length > 1;
    var list = el(numbered ? "ol" : "ul", { className: "items items-" + answer.kind });
    answer.items.forEach(function (item) {
      list.appendChild(el("li", { className: "item" }, [
        el("span", { className: "item-text", text: item.text }),
        el("span", { className: "item-cite", text: "[" + item.citation + "]" }),
      ]));
    });
    return list;
  }

  /* "2751 − 1200 = 1551个", labelled as computed from the two cited figures. */
  function computedLine(computed) {
    return el("p", { className: "computed" }, [
      el("span", { className: "computed-label", text: t("computed") }),
      " " + computed.expression + (computed.unit ? " " + computed.unit : ""),
    ]);
  }

  function answerBody(card, answer) {
    if (answer.kind === "yesno") {
      card.appendChild(el("p", { className: "verdict", text: t("yes") }));
    }
    if ((answer.figures || []).length) card.appendChild(figureRow(answer));
    if (answer.computed) card.appendChild(computedLine(answer.computed));
    if ((answer.items || []).length && answer.kind !== "yesno") card.appendChild(itemList(answer));
  }

  function answerCard(answer, options) {
    options = options || {};
    var card = el("article", { className: "answer " + (answer.answerable ? "answerable" : "not-found") +
      " kind-" + (answer.kind || "figure") });
    if (answer.answerable) {
      answerBody(card, answer);
      card.appendChild(el("p", { className: "answer-text", text: answer.answer }));
      if (answer.citations.length) card.appendChild(citationList(answer, options.openFirstCitation));
    } else {
      card.appendChild(el("p", { className: "not-found-title", text: t("not_found_" + (answer.missing || "figure")) }));
      card.appendChild(el("p", { className: "answer-text", text: answer.answer }));
      if (answer.citations.length) {
        card.appendChild(el("p", { className: "nearby-title", text: t("nearby") }));
        card.appendChild(citationList(answer, true));
      }
    }
    return card;
  }

  /* Feedback buttons; `send(verdict)` returns a promise. */
  var VERDICTS = [["correct", "correct"], ["wrong_figure", "wrong_figure"], ["not_found", "not_found_verdict"]];
  function feedbackBar(send) {
    var bar = el("div", { className: "feedback", role: "group", "aria-label": t("feedback_prompt") });
    var note = el("span", { className: "feedback-note", "aria-live": "polite" });
    bar.appendChild(el("span", { className: "feedback-prompt", "aria-hidden": "true", text: t("feedback_prompt") }));
    VERDICTS.forEach(function (v) {
      var button = el("button", { type: "button", className: "feedback-button", "data-verdict": v[0], text: t(v[1]) });
      button.addEventListener("click", function () {
        bar.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
        send(v[0]).then(function () { note.textContent = t("thanks"); },
          function () {
            note.textContent = t("feedback_failed");
            bar.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
          });
      });
      bar.appendChild(button);
    });
    bar.appendChild(note);
    return bar;
  }

  function errorMessage(body, status) {
    if (body && body.error && body.error.message) return body.error.message;
    return t("unavailable", { status: status });
  }

  function postJson(path, payload) {
    return fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(payload),
    }).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (body) {
        if (!res.ok) throw new Error(errorMessage(body, res.status));
        return body;
      });
    });
  }

  function sendFeedback(verdict, question, answer, channel, conversationId) {
    return postJson("/api/feedback", {
      verdict: verdict, question: question, answer: answer.answer, channel: channel,
      conversation_id: conversationId || null,
    });
  }

  /* POST a chat message as a Server-Sent Events stream; `on` has meta, delta, answer and error handlers. */
  function streamChat(payload, on) {
    return fetch("/api/chat", {
      method: "POST", headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
      body: JSON.stringify(Object.assign({ stream: true }, payload)),
    }).then(function (res) {
      if (!res.ok || !res.body) {
        return res.json().catch(function () { return null; }).then(function (body) {
          throw new Error(errorMessage(body, res.status));
        });
      }
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function dispatch(block) {
        var event = "message", data = "";
        block.split("\n").forEach(function (line) {
          if (line.indexOf("event:") === 0) event = line.slice(6).trim();
          else if (line.indexOf("data:") === 0) data += line.slice(5).trim();
        });
        if (data && on[event]) on[event](JSON.parse(data));
      }
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) return;
          buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
          var parts = buffer.split("\n\n");
          buffer = parts.pop();
          parts.forEach(dispatch);
          return pump();
        });
      }
      return pump();
    });
  }

  window.ReportQA = {
    el: el, t: t, isTarget: isTarget, answerCard: answerCard, feedbackBar: feedbackBar, highlightedQuote: highlightedQuote,
    postJson: postJson, sendFeedback: sendFeedback, streamChat: streamChat,
  };
})();
