/* The chat page's script: no framework, no build step.
 *
 * Talks to the bot over Rasa's socket.io events (session_request / session_confirm /
 * user_uttered / bot_uttered). The sender id and the transcript are kept in this
 * browser's localStorage, so a reload or a lost connection continues the same
 * conversation; "New chat" forgets both. Every text (the patient's and the bot's) is
 * put on the page as text, never as HTML; only http(s) links become links.
 */
(function () {
  "use strict";

  var STORE_KEY = "hip-pain-chat";
  var KEEP_MS = 7 * 24 * 60 * 60 * 1000; // a transcript older than a week is dropped
  var NO_ANSWER_MS = 30000;
  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;

  var root = document.getElementById("chat");
  var logEl = document.getElementById("log");
  var logRegion = document.getElementById("log-region");
  var typingEl = document.getElementById("typing");
  var connectingEl = document.getElementById("connecting");
  var offlineEl = document.getElementById("offline");
  var noAnswerEl = document.getElementById("no-answer");
  var quickEl = document.getElementById("quick-replies");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var sendButton = document.getElementById("send");
  var newButton = document.getElementById("new-conversation");

  var memoryStore = null; // when localStorage is not available
  var online = false;
  var noAnswerTimer = null;
  var state = loadState();

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); })
      .join("");
  }

  function freshState() {
    return { sessionId: newSessionId(), messages: [], quickReplies: [], updated: Date.now() };
  }

  function loadState() {
    var saved = null;
    try {
      saved = JSON.parse(window.localStorage.getItem(STORE_KEY) || "null");
    } catch (error) {
      saved = memoryStore;
    }
    if (saved && typeof saved.sessionId === "string" && Array.isArray(saved.messages) &&
        Date.now() - (saved.updated || 0) < KEEP_MS) {
      saved.quickReplies = Array.isArray(saved.quickReplies) ? saved.quickReplies : [];
      return saved;
    }
    return freshState();
  }

  function saveState() {
    state.updated = Date.now();
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (error) {
      memoryStore = state;
    }
  }

  /* text -> text nodes and safe links (http and https only, opened in a new tab
     without access to this page) */
  function appendText(parent, text) {
    var last = 0;
    var match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text)) !== null) {
      var raw = match[0].replace(/[.,;:!?)\]]+$/, "");
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(makeLink(raw));
      last = match.index + raw.length;
      URL_PATTERN.lastIndex = last;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function makeLink(raw) {
    var url;
    try {
      url = new URL(raw);
    } catch (error) {
      return document.createTextNode(raw);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return document.createTextNode(raw);
    }
    var link = document.createElement("a");
    link.href = url.href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = raw;
    var note = document.createElement("span");
    note.className = "visually-hidden";
    note.textContent = " (opens in a new tab)";
    link.appendChild(note);
    return link;
  }

  function renderMessage(message) {
    var item = document.createElement("div");
    item.className = "msg msg-" + (message.from === "user" ? "user" : "bot");
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = message.from === "user" ? "You" : "Helper";
    item.appendChild(who);
    appendText(item, message.text);
    logEl.appendChild(item);
  }

  function scrollToEnd() {
    logRegion.scrollTop = logRegion.scrollHeight;
  }

  function renderQuickReplies() {
    while (quickEl.firstChild) quickEl.removeChild(quickEl.firstChild);
    state.quickReplies.forEach(function (reply) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = reply.title;
      button.disabled = !online;
      button.addEventListener("click", function () {
        sendMessage(reply.payload, reply.title);
      });
      quickEl.appendChild(button);
    });
    quickEl.hidden = state.quickReplies.length === 0;
  }

  function setTyping(visible) {
    typingEl.hidden = !visible;
    if (visible) scrollToEnd();
  }

  function setOnline(isOnline) {
    online = isOnline;
    connectingEl.hidden = true;
    offlineEl.hidden = isOnline;
    input.disabled = !isOnline;
    sendButton.disabled = !isOnline;
    Array.prototype.forEach.call(quickEl.querySelectorAll("button"), function (button) {
      button.disabled = !isOnline;
    });
    if (!isOnline) {
      setTyping(false);
      clearTimeout(noAnswerTimer);
    }
    root.setAttribute("data-state", isOnline ? "online" : "offline");
  }

  function sendMessage(payload, shownText) {
    var text = (shownText || payload).trim();
    if (!online || !payload.trim()) return;
    state.messages.push({ from: "user", text: text });
    state.quickReplies = [];
    saveState();
    renderMessage({ from: "user", text: text });
    renderQuickReplies();
    noAnswerEl.hidden = true;
    setTyping(true);
    clearTimeout(noAnswerTimer);
    noAnswerTimer = setTimeout(function () {
      setTyping(false);
      noAnswerEl.hidden = false;
    }, NO_ANSWER_MS);
    socket.emit("user_uttered", { message: payload, session_id: state.sessionId });
    input.focus();
  }

  function receive(message) {
    if (!message || typeof message !== "object") return;
    var replies = message.quick_replies || message.buttons || [];
    var text = typeof message.text === "string" ? message.text : "";
    clearTimeout(noAnswerTimer);
    noAnswerEl.hidden = true;
    setTyping(false);
    if (text) {
      state.messages.push({ from: "bot", text: text });
      renderMessage({ from: "bot", text: text });
    }
    if (Array.isArray(replies) && replies.length) {
      state.quickReplies = replies
        .filter(function (r) { return r && typeof r.title === "string" && typeof r.payload === "string"; })
        .map(function (r) { return { title: r.title, payload: r.payload }; });
      renderQuickReplies();
    }
    saveState();
    scrollToEnd();
  }

  function startOver() {
    state = freshState();
    saveState();
    while (logEl.firstChild) logEl.removeChild(logEl.firstChild);
    renderQuickReplies();
    setTyping(false);
    noAnswerEl.hidden = true;
    if (online) socket.emit("session_request", { session_id: state.sessionId });
    input.value = "";
    input.focus();
  }

  // the transcript of this conversation, before new messages are announced
  logEl.removeAttribute("aria-live");
  state.messages.forEach(renderMessage);
  logEl.setAttribute("aria-live", "polite");
  renderQuickReplies();
  scrollToEnd();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim() || !online) return;
    input.value = "";
    sendMessage(text);
  });
  newButton.addEventListener("click", startOver);

  if (typeof window.io !== "function") {
    setOnline(false); // the page loaded but its socket.io script did not
    return;
  }
  var socket = window.io({
    path: root.getAttribute("data-socket-path") || "/socket.io",
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    timeout: 8000,
  });
  socket.on("connect", function () {
    socket.emit("session_request", { session_id: state.sessionId });
  });
  socket.on("session_confirm", function () {
    setOnline(true);
    if (document.activeElement === document.body) input.focus();
  });
  socket.on("bot_uttered", receive);
  socket.on("connect_error", function () { setOnline(false); });
  socket.on("disconnect", function () { setOnline(false); });

  // inside the embed's panel: say that the page works, and let Escape close the panel
  // (the messages carry no conversation data)
  if (window.parent !== window) {
    window.parent.postMessage({ source: "hip-pain-chat", event: "ready" }, "*");
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        window.parent.postMessage({ source: "hip-pain-chat", event: "close" }, "*");
      }
    });
  }
})();
