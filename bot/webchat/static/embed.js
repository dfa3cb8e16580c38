/* The embed script for a clinic's own web site. Served by the bot at /chat/embed.js,
 * with the clinic's settings filled in below (the defaults object).
 *
 *   <script>window.HipPainChat = { clinicName: "St Mary's", colour: "#6a1b9a" };</script>
 *   <script src="https://bot.example-clinic.org/chat/embed.js" defer></script>
 *
 * It adds a "Chat" button; the chat opens in a panel that shows the bot's own page
 * (/chat/) in an iframe. The page, its conversation and its storage stay on the
 * bot's address. The emergency number is always the clinic's, from the bot's
 * settings: the config cannot change it.
 */
(function () {
  "use strict";
  if (window.__hipPainChatLoaded) return;
  window.__hipPainChatLoaded = true;

  var defaults = __CHAT_DEFAULTS__;
  var config = window.HipPainChat || {};
  var script = document.currentScript;
  var server = (config.server || (script ? new URL(script.src).origin : "")).replace(/\/+$/, "");
  var clinicName = typeof config.clinicName === "string" ? config.clinicName : "";
  var colour = /^#[0-9a-fA-F]{6}$/.test(config.colour || "") ? config.colour : defaults.colour;
  var READY_MS = 10000;

  function textOn(hex) {
    function channel(i) {
      var v = parseInt(hex.substr(i, 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    var l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    return (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? "#ffffff" : "#000000";
  }

  var style = document.createElement("style");
  style.textContent =
    ".hpc-launcher{position:fixed;right:16px;bottom:16px;z-index:2147483000;min-height:48px;" +
    "padding:12px 20px;border:0;border-radius:24px;font:bold 16px/1.2 system-ui,sans-serif;" +
    "box-shadow:0 2px 8px rgba(0,0,0,.35);cursor:pointer}" +
    ".hpc-launcher:focus-visible,.hpc-close:focus-visible{outline:3px solid #1a1a1a;" +
    "box-shadow:0 0 0 6px #ffbf47}" +
    ".hpc-panel{position:fixed;z-index:2147483001;right:16px;bottom:16px;width:400px;" +
    "height:640px;max-height:calc(100vh - 32px);background:#fff;border-radius:12px;" +
    "box-shadow:0 4px 24px rgba(0,0,0,.35);display:flex;flex-direction:column;overflow:hidden}" +
    ".hpc-panel[hidden]{display:none}" +
    ".hpc-bar{display:flex;justify-content:flex-end;background:#1a1a1a}" +
    ".hpc-close{min-height:44px;min-width:44px;padding:8px 12px;border:0;background:#1a1a1a;" +
    "color:#fff;font:16px system-ui,sans-serif;cursor:pointer}" +
    ".hpc-panel iframe{flex:1;width:100%;border:0}" +
    ".hpc-fallback{padding:16px;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a}" +
    ".hpc-fallback a{color:#b00020;font-weight:bold}" +
    "@media (max-width:600px){.hpc-panel{right:0;bottom:0;width:100vw;height:100vh;" +
    "height:100dvh;max-height:none;border-radius:0}}";
  document.head.appendChild(style);

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "hpc-launcher";
  launcher.textContent = "Chat about hip pain";
  launcher.style.background = colour;
  launcher.style.color = textOn(colour);
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "hpc-panel");

  var panel = document.createElement("div");
  panel.id = "hpc-panel";
  panel.className = "hpc-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "Hip pain helper chat");

  var bar = document.createElement("div");
  bar.className = "hpc-bar";
  var close = document.createElement("button");
  close.type = "button";
  close.className = "hpc-close";
  close.textContent = "Close chat";
  bar.appendChild(close);
  panel.appendChild(bar);

  var frame = null;
  var ready = false;

  function showFallback() {
    if (ready || !frame) return;
    var box = document.createElement("div");
    box.className = "hpc-fallback";
    box.setAttribute("role", "alert");
    var first = document.createElement("p");
    first.textContent = "The chat is not working right now. Please try again later.";
    var second = document.createElement("p");
    second.appendChild(document.createTextNode("In an emergency, call "));
    var link = document.createElement("a");
    link.href = defaults.telHref;
    link.textContent = defaults.emergencyNumber;
    second.appendChild(link);
    second.appendChild(document.createTextNode(" now."));
    box.appendChild(first);
    box.appendChild(second);
    panel.insertBefore(box, frame);
    frame.hidden = true;
  }

  function open() {
    if (!frame) {
      var query = "?embed=1&colour=" + encodeURIComponent(colour) +
        (clinicName ? "&name=" + encodeURIComponent(clinicName) : "");
      frame = document.createElement("iframe");
      frame.title = "Hip pain helper chat";
      frame.src = server + "/chat/" + query;
      panel.appendChild(frame);
      setTimeout(showFallback, READY_MS);
    }
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    close.focus();
  }

  function shut() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  window.addEventListener("message", function (event) {
    if (event.origin === server && event.data && event.data.source === "hip-pain-chat") {
      ready = true;
      if (event.data.event === "close") shut();
    }
  });
  launcher.addEventListener("click", open);
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") shut();
  });

  function mount() {
    document.body.appendChild(launcher);
    document.body.appendChild(panel);
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
