"""Test helpers; they live in bot/servers.py, shared with the benchmark."""

from bot.servers import (  # noqa: F401
    MODEL,
    PROJECT_ROOT,
    RASA,
    Bot,
    http_json,
    project_env,
    start_bot,
    stop_bot,
)
