"""The production profile's settings and nginx configuration, without servers
(``tests/test_production.py`` starts the profile for real)."""

from __future__ import annotations

import pytest

from bot.production import Settings, log_flag, nginx_config


def settings(**environ: str) -> Settings:
    return Settings.from_environment({"PRODUCTION_DIR": "/srv/toh", **environ})


def test_defaults_keep_everything_on_loopback():
    given = settings()
    assert (given.public_host, given.public_port) == ("127.0.0.1", 8080)
    assert given.rasa_ports == [5101, 5102]
    assert given.database_url == given.redis_url == ""  # our own, started here
    assert given.retention_days is None


def test_settings_from_the_environment():
    given = settings(
        RASA_INSTANCES="3",
        RASA_BASE_PORT="6000",
        PUBLIC_HOST="0.0.0.0",
        DATABASE_URL=" postgresql://u:p@db:5432/toh ",
        RETENTION_DAYS="90",
    )
    assert given.rasa_ports == [6000, 6001, 6002]
    assert given.public_host == "0.0.0.0"
    assert given.database_url == "postgresql://u:p@db:5432/toh"
    assert given.retention_days == 90


@pytest.mark.parametrize(
    "variable, value", [("RASA_INSTANCES", "0"), ("PUBLIC_PORT", "eighty")]
)
def test_unusable_settings_stop_with_the_reason(variable, value):
    with pytest.raises(SystemExit) as stopped:
        settings(**{variable: value})
    assert variable in str(stopped.value)


def test_nginx_passes_on_only_the_channels_and_needs_the_rest_token():
    config = nginx_config(settings(), "s3cret-token", None)
    assert "listen 127.0.0.1:8080;" in config
    assert 'if ($http_authorization != "Bearer s3cret-token") { return 401; }' in config
    for route in ("/webhooks/", "/chat", "/socket.io/", "= /health"):
        assert f"location {route} " in config
    assert "location / { return 404; }" in config  # the HTTP API is not behind it
    assert "$request_uri" not in config and "$args" not in config  # not logged
    assert "proxy_set_header Upgrade $http_upgrade;" in config
    assert "user " not in config.splitlines()[1]


def test_a_server_in_a_rolling_restart_gets_nothing():
    config = nginx_config(settings(), "t", "www-data", down=frozenset({5102}))
    assert "server 127.0.0.1:5101 max_fails=1 fail_timeout=2s;" in config
    assert "server 127.0.0.1:5102 max_fails=1 fail_timeout=2s down;" in config
    assert "user www-data;" in config


@pytest.mark.parametrize(
    "level, flag",
    [
        ("", "--quiet"),
        ("WARNING", "--quiet"),
        ("info", "--verbose"),
        ("DEBUG", "--debug"),
    ],
)
def test_log_level_as_make_run_reads_it(level, flag):
    assert log_flag({"LOG_LEVEL": level}) == flag
