"""The website chat in a real headless Chromium (Debian's, driven by Playwright).

Every test gets a fresh browser context (empty localStorage) sized like a phone,
records every request the page makes (all must stay on loopback: no CDN) and saves
a screenshot to results/screenshots/<test>.png when it ends.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.support import PROJECT_ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# keep Chromium off Google's hosts: no updates, sync, field trials or QUIC probes
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = PROJECT_ROOT / "results" / "screenshots"
AXE = PROJECT_ROOT / "bot" / "webchat" / "node_modules" / "axe-core" / "axe.min.js"
ANSWER_TIMEOUT_MS = 90_000  # the bot on a busy 2-core machine


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium (.ci/run does it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


class Chat:
    """The chat page of one running bot, as a patient uses it."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.url = f"{base_url}/chat/"

    def open(self, query: str = "") -> "Chat":
        self.page.goto(self.url + query)
        self.wait_online()
        return self

    def wait_online(self) -> None:
        expect(self.page.locator("#message")).to_be_enabled(timeout=30_000)

    def send(self, text: str) -> None:
        self.page.locator("#message").fill(text)
        self.page.locator("#message").press("Enter")

    def bot_message(self, text: str):
        return self.page.locator(".msg-bot", has_text=text)

    def wait_for_bot(self, text: str, after: int = 0) -> None:
        """Waits for a bot message with ``text`` after the first ``after`` ones."""
        deadline = time.monotonic() + ANSWER_TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            texts = self.page.locator(".msg-bot").all_inner_texts()
            if any(text in message for message in texts[after:]):
                return
            self.page.wait_for_timeout(200)
        raise AssertionError(f"no bot message with {text!r}: {texts[after:]}")

    def bot_count(self) -> int:
        return self.page.locator(".msg-bot").count()

    def quick_replies(self):
        return self.page.locator("#quick-replies button")

    def quick_reply(self, title: str):
        return self.page.locator("#quick-replies").get_by_role(
            "button", name=title, exact=True
        )

    def session_id(self) -> str:
        return self.page.evaluate(
            "JSON.parse(localStorage.getItem('hip-pain-chat')).sessionId"
        )

    def transcript(self) -> list[tuple[str, str]]:
        """(who, text) of every message on the page, in order."""
        items = self.page.locator("#log > .msg")
        return [
            (
                "user" if "msg-user" in (item.get_attribute("class") or "") else "bot",
                item.inner_text().split("\n", 1)[1],
            )
            for item in items.all()
        ]


@pytest.fixture
def context(browser, request):
    """A fresh browser context (a new phone) whose requests are recorded."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    context.requests = []
    context.on("request", lambda req: context.requests.append(req.url))
    yield context
    off_loopback = [
        url
        for url in context.requests
        if urlsplit(url).scheme in ("http", "https", "ws", "wss")
        and urlsplit(url).hostname not in ("127.0.0.1", "localhost")
    ]
    context.close()
    assert not off_loopback, f"the page reached beyond this machine: {off_loopback}"


@pytest.fixture
def page(context, request):
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog), dialog.dismiss()))
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if not page.is_closed():
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"))


@pytest.fixture
def chat(page, bot) -> Chat:
    """The chat page of the session's bot (Test Clinic, emergency number 999)."""
    return Chat(page, bot.rasa_url)


def run_axe(page: Page) -> list[dict]:
    """axe-core (installed from the npm registry by the set-up) on the page: the
    serious and critical violations."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]
