/* 通辽政府工作报告问答 — the embeddable widget.
   <script src="https://HOST/widget.js" data-title="通辽政府工作报告问答" async></script>
   (data-lang="en" for an English panel)
   Adds a launcher button and a chat panel. Both live in a shadow root (the host page's CSS cannot reach them) and
   the chat itself is an iframe served by HOST (it talks only to the service it was loaded from). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__tongliaoQaWidget) return;
  window.__tongliaoQaWidget = true;
  var origin = new URL(script.src, window.location.href).origin;
  var english = script.getAttribute("data-lang") === "en";
  var title = script.getAttribute("data-title") || (english ? "Tongliao Work Report Q&A" : "通辽政府工作报告问答");
  var WORDS = english ? { open: "Open ", close: "Close ", launcher: "Ask the report" }
    : { open: "打开", close: "关闭", launcher: "问报告" };

  var CSS = [
    ":host { all: initial; }",
    ".launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483647; display: flex; align-items: center;",
    "  gap: 8px; padding: 12px 18px; border: 0; border-radius: 999px; background: #b4232a; color: #fff;",
    "  font: 600 15px/1.2 system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif;",
    "  box-shadow: 0 6px 20px rgba(0,0,0,.25); cursor: pointer; }",
    ".launcher:hover { background: #961c22; }",
    ".launcher:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }",
    ".panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483647; width: 400px; height: 620px;",
    "  max-height: calc(100vh - 110px); border-radius: 14px; overflow: hidden; background: #fff;",
    "  box-shadow: 0 12px 40px rgba(0,0,0,.3); }",
    ".panel[hidden] { display: none; }",
    "iframe { display: block; width: 100%; height: 100%; border: 0; }",
    "@media (max-width: 520px) {",
    "  .panel { right: 0; bottom: 0; width: 100vw; height: 100%; max-height: none; border-radius: 0; }",
    "  .panel:not([hidden]) ~ .launcher { display: none; } }",  // the panel's own ✕ closes it on a phone
    ".launcher svg { width: 18px; height: 18px; fill: currentColor; }",
  ].join("\n");

  function bubbleIcon() { // drawn, not an emoji: many systems have no emoji font
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  /* A constructed stylesheet: host pages whose Content-Security-Policy forbids inline <style> still style the widget
     (they only need to allow this origin in script-src and frame-src). */
  function applyStyles(root) {
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      var style = document.createElement("style");
      style.textContent = CSS;
      root.appendChild(style);
    }
  }

  function mount() {
    var host = document.createElement("tongliao-qa-widget");
    host.style.setProperty("all", "initial", "important"); // CSSOM, not a style attribute: allowed under strict CSPs
    host.style.setProperty("display", "block", "important");
    var root = host.attachShadow({ mode: "open" });
    var launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "launcher";
    launcher.setAttribute("aria-haspopup", "dialog");
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", WORDS.open + title);
    launcher.appendChild(bubbleIcon());
    launcher.appendChild(document.createTextNode(WORDS.launcher));
    var panel = document.createElement("div");
    panel.className = "panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", title);
    var frame = null;

    function focusChat() {
      if (frame && frame.contentWindow) frame.contentWindow.postMessage({ type: "tongliao-qa:focus" }, origin);
    }
    function open() {
      if (!frame) { // the chat loads on first open, so the host page pays nothing until then
        frame = document.createElement("iframe");
        frame.title = title;
        frame.src = origin + "/embed?title=" + encodeURIComponent(title) + (english ? "&lang=en" : "");
        frame.addEventListener("load", focusChat);
        panel.appendChild(frame);
      }
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      launcher.setAttribute("aria-label", WORDS.close + title);
      focusChat();
    }
    function close() {
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      launcher.setAttribute("aria-label", WORDS.open + title);
      launcher.focus();
    }
    launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
    window.addEventListener("message", function (event) {
      if (event.origin === origin && frame && event.source === frame.contentWindow && event.data &&
          event.data.type === "tongliao-qa:close") close();
    });
    applyStyles(root);
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(host);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
