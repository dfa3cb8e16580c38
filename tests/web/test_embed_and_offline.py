"""The embed snippet on a clinic's own site, the allowed origins, and the offline
state. These need their own bot (other settings, and the last test stops it): the
session's bot is never stopped."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from bot.servers import free_port
from tests.support import start_bot, stop_bot
from tests.web.conftest import ANSWER_TIMEOUT_MS, Chat, run_axe
from tests.web.test_webchat import get_with_origin

SNIPPET = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>Opening hours and directions.</p>
<script>
  window.HipPainChat = {{ clinicName: "Lakeside Maternity", colour: "#6a1b9a",
                          emergencyNumber: "000" }};
</script>
<script src="{bot}/chat/embed.js" defer></script>
</body></html>
"""


class ClinicSite:
    """A clinic's web site on loopback, with the embed snippet on its page."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.bot_url = ""
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                body = SNIPPET.format(title=site.title, bot=site.bot_url).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def clinic_site():
    site = ClinicSite("Lakeside Maternity")
    yield site
    site.close()


@pytest.fixture(scope="module")
def other_site():
    site = ClinicSite("Some other site")
    yield site
    site.close()


@pytest.fixture(scope="module")
def web_bot(tmp_path_factory, clinic_site, other_site):
    """A bot that allows the clinic's site; a light chat colour (dark text on it)."""
    running = start_bot(
        tmp_path_factory.mktemp("web_bot"),
        CLINIC_NAME="Web Test Clinic",
        CLINIC_EMERGENCY_NUMBER="911",
        CLINIC_ALLOWED_ORIGINS=clinic_site.origin,
        CLINIC_CHAT_COLOUR="#ffd54f",
    )
    clinic_site.bot_url = other_site.bot_url = running.rasa_url
    yield running
    stop_bot(running)


def test_allowed_origins_only(web_bot, clinic_site, other_site):
    polling = f"{web_bot.rasa_url}/socket.io/?EIO=4&transport=polling"
    status, headers = get_with_origin(polling, clinic_site.origin)
    assert status == 200
    assert headers.get("Access-Control-Allow-Origin") == clinic_site.origin
    status, headers = get_with_origin(polling, other_site.origin)
    assert status == 400 and "Access-Control-Allow-Origin" not in headers
    page_headers = get_with_origin(f"{web_bot.rasa_url}/chat/", clinic_site.origin)[1]
    policy = page_headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {clinic_site.origin}" in policy
    assert other_site.origin not in policy


def test_embed_snippet_on_the_clinics_site(page, web_bot, clinic_site):
    page.goto(clinic_site.origin)
    launcher = page.get_by_role("button", name="Chat about hip pain")
    launcher.click()
    frame = page.frame_locator("iframe[title='Hip pain helper chat']")
    expect(frame.locator("h1")).to_contain_text("Lakeside Maternity")
    # the number is the clinic's own: the snippet's config cannot change it
    expect(frame.locator("#emergency-link")).to_have_text("Call 911")
    expect(frame.locator("#message")).to_be_enabled(timeout=30_000)
    frame.locator("#message").fill("is an mri safe when im pregnant?")
    frame.locator("#message").press("Enter")
    expect(frame.locator(".msg-bot", has_text="Source").last).to_be_visible(
        timeout=ANSWER_TIMEOUT_MS
    )
    page.keyboard.press("Escape")
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_embed_on_a_site_that_is_not_allowed_shows_the_number(
    page, web_bot, other_site
):
    """The bot refuses to be framed by a site not in allowed_origins; the snippet
    then says so, with the clinic's emergency number."""
    page.goto(other_site.origin)
    page.get_by_role("button", name="Chat about hip pain").click()
    fallback = page.locator(".hpc-fallback")
    expect(fallback).to_contain_text(
        "The chat is not working right now", timeout=30_000
    )
    expect(fallback.get_by_role("link", name="911")).to_have_attribute(
        "href", "tel:911"
    )


def test_offline_shows_the_emergency_number(page, web_bot):
    """Last test of this module: it stops this module's bot."""
    chat = Chat(page, web_bot.rasa_url).open()
    chat.send("hello")
    chat.wait_for_bot("How can I help")
    assert run_axe(page) == [], "a light clinic colour still reads (dark text)"

    stop_bot(web_bot)
    offline = page.locator("#offline")
    expect(offline).to_be_visible(timeout=30_000)
    expect(offline).to_contain_text("The chat is not working right now")
    expect(offline.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    expect(page.locator("#message")).to_be_disabled()
    expect(page.locator("#typing")).to_be_hidden()
    expect(page.locator("#emergency-link")).to_be_visible()
    assert chat.transcript()[0] == ("user", "hello")  # the conversation stays
    assert run_axe(page) == [], "the offline state"
