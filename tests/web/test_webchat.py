"""The website chat against the session's running bot, in headless Chromium on a
phone-sized screen (360 x 740): what a patient sees and does."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support import http_json
from tests.web.conftest import ANSWER_TIMEOUT_MS, run_axe

MRI_QUESTION = "is an mri safe when im pregnant?"
EMERGENCY = "32 weeks, i slipped on the stairs and now i can't stand up"
# one button per assessment question, in order of preference: together they
# describe pain after birth that stops her walking and gets worse (same-day advice)
QUICK_REPLY_PATH = [
    "Check my hip pain",
    "Had my baby, breastfeeding",
    "No, I can't",
    "Getting worse",
    "No",
    "None of these",
]
SAME_DAY = "Please get checked today"


def no_horizontal_scrolling(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
        " && document.body.scrollWidth <= window.innerWidth"
    )


def test_first_screen_then_mri_answer_with_its_source(chat):
    page = chat.open().page
    welcome = page.locator(".welcome")
    expect(welcome).to_contain_text("I am a computer program, not a doctor")
    expect(welcome).to_contain_text("can't tell you what is wrong")
    emergency = page.locator("#emergency-link")
    expect(emergency).to_have_text("Call 999")
    expect(emergency).to_have_attribute("href", "tel:999")
    expect(page.locator("h1")).to_contain_text("Test Clinic")

    chat.send(MRI_QUESTION)
    expect(page.locator(".msg-user").last).to_have_text("You" + MRI_QUESTION)
    chat.wait_for_bot("MRI")
    chat.wait_for_bot("Source")
    answer = "\n".join(text for who, text in chat.transcript() if who == "bot")
    assert "magnet" in answer and "ACOG" in answer
    assert no_horizontal_scrolling(page)
    assert emergency.is_visible()  # stays on screen after a long answer


def test_pain_ends_in_same_day_advice_with_quick_replies_only(chat):
    page = chat.open().page
    chat.send("hello")  # the only typed message: the greeting offers the buttons
    chosen = []
    while not chat.bot_message(SAME_DAY).count():
        expect(chat.quick_replies().first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
        titles = chat.quick_replies().all_inner_texts()
        title = next((t for t in QUICK_REPLY_PATH if t in titles), None)
        assert title, f"no planned answer among the buttons {titles}: {chosen}"
        assert len(chosen) < 10, f"too many questions: {chosen}"
        chosen.append(title)
        chat.quick_reply(title).click()
        # the buttons go once used; wait for the next buttons or the advice
        expect(page.locator("#quick-replies button", has_text=title)).to_have_count(
            0, timeout=5_000
        )
        expect(
            page.locator(f"#quick-replies button, .msg-bot:has-text('{SAME_DAY}')")
        ).not_to_have_count(0, timeout=ANSWER_TIMEOUT_MS)
    chat.wait_for_bot(SAME_DAY)
    assert chosen[0] == "Check my hip pain" and "No, I can't" in chosen
    user_texts = [text for who, text in chat.transcript() if who == "user"]
    assert user_texts == ["hello", *chosen]  # the button titles, not the payloads
    assert no_horizontal_scrolling(page)


def test_emergency_advice_with_the_clinic_number(chat):
    page = chat.open().page
    chat.send(EMERGENCY)
    chat.wait_for_bot("This could be an emergency")
    expect(chat.bot_message("This could be an emergency").last).to_contain_text(
        "Call 999"
    )
    expect(page.locator("#emergency-link")).to_be_visible()


def test_reload_shows_the_history_and_the_conversation_goes_on(chat, bot):
    page = chat.open().page
    chat.send(MRI_QUESTION)
    chat.wait_for_bot("Source")
    sender = chat.session_id()
    before = chat.transcript()

    page.reload()
    chat.wait_online()
    assert chat.session_id() == sender
    assert chat.transcript() == before

    answered = chat.bot_count()
    chat.send("and is it safe for the baby?")  # a follow-up, answered in context
    chat.wait_for_bot("radiation", after=answered)
    user_texts = [
        event.get("text")
        for event in bot.tracker(sender)["events"]
        if event["event"] == "user"
    ]
    assert user_texts == [MRI_QUESTION, "and is it safe for the baby?"]


def test_new_chat_starts_over(chat):
    page = chat.open().page
    chat.send(EMERGENCY)
    chat.wait_for_bot("emergency")
    first = chat.session_id()
    page.get_by_role("button", name="New chat").click()
    expect(page.locator("#log > .msg")).to_have_count(0)
    assert chat.session_id() != first
    chat.send("hello")
    chat.wait_for_bot("I am a computer program")  # a new conversation's introduction


def test_a_whole_exchange_with_the_keyboard_only(chat):
    page = chat.open().page
    page.locator("body").focus()
    for _ in range(10):  # from the top of the page to the message box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "message":
            break
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    expect(chat.quick_replies().first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)

    for _ in range(10):  # back from the message box to the answer buttons
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == "Is an MRI safe?":
            break
    assert page.evaluate("document.activeElement.textContent") == "Is an MRI safe?"
    page.keyboard.press("Enter")
    chat.wait_for_bot("Source")
    assert page.evaluate("document.activeElement.id") == "message"

    page.keyboard.type("thank you")
    page.keyboard.press("Enter")
    expect(page.locator(".msg-user")).to_have_count(3)
    assert page.evaluate("document.activeElement.id") == "message"


def test_accessibility_axe_finds_nothing_serious(chat):
    page = chat.open().page
    assert run_axe(page) == []
    chat.send("hello")
    expect(chat.quick_replies().first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    assert run_axe(page) == [], "on a phone, with messages and buttons"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert run_axe(page) == [], "on a desktop"
    assert no_horizontal_scrolling(page)


def test_messages_are_shown_as_text_never_as_html(chat):
    page = chat.open().page
    attack = "<img src=x onerror=alert(1)>"
    chat.send(attack)
    expect(page.locator(".msg-user").last).to_have_text("You" + attack)
    expect(chat.page.locator(".msg-bot").last).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    assert page.locator("#log img").count() == 0
    assert page.dialogs == []

    answered = chat.bot_count()
    chat.send("see javascript:alert(2) and https://example.org/a?b=1.")
    link = page.locator(".msg-user a")
    expect(link).to_have_count(1)  # only the https address is a link
    expect(link).to_have_attribute("href", "https://example.org/a?b=1")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(chat.page.locator(".msg-bot")).not_to_have_count(
        answered, timeout=ANSWER_TIMEOUT_MS
    )
    assert page.dialogs == []


def test_only_the_bots_own_address_may_open_the_socket(bot):
    """No allowed_origins configured: a page on another site is refused; the chat
    page on the bot's own address is accepted."""
    polling = f"{bot.rasa_url}/socket.io/?EIO=4&transport=polling"
    own = bot.rasa_url
    status, headers = get_with_origin(polling, own)
    assert status == 200 and headers.get("Access-Control-Allow-Origin") == own
    status, headers = get_with_origin(polling, "https://evil.example")
    assert status == 400 and "Access-Control-Allow-Origin" not in headers
    page_headers = get_with_origin(f"{bot.rasa_url}/chat/", own)[1]
    assert "frame-ancestors 'self'" in page_headers["Content-Security-Policy"]
    assert http_json(f"{bot.rasa_url}/webhooks/webchat/") == {"status": "ok"}


def get_with_origin(url: str, origin: str) -> tuple[int, dict]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Origin": origin})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)
