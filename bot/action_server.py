"""The action server, listening on ``ACTION_HOST`` (default 127.0.0.1).

    python -m bot.action_server --actions actions --port 5055 --quiet

Rasa 3.6's ``rasa run actions`` has no option for the address: rasa-sdk 3.6.2's
``endpoint.run`` always listens on 0.0.0.0 (or ``SANIC_HOST``). This runs the same
application (``rasa_sdk.endpoint.create_app``, the same plugins, TLS and worker
settings) with the address given. It takes rasa-sdk's own arguments.

The action server has no authentication: anyone who can reach it can run the
custom actions. Keep it on loopback unless the Rasa server runs on another host.
"""

from __future__ import annotations

import logging
import sys
from typing import Optional

from bot.serving import is_loopback, server_host

logger = logging.getLogger(__name__)


def main(argv: Optional[list[str]] = None) -> None:
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
    from rasa_sdk.endpoint import create_app, create_argument_parser, create_ssl_context
    from rasa_sdk.plugin import plugin_manager

    args = create_argument_parser().parse_args(argv)
    # as rasa_sdk.__main__.main_from_args
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()

    host = server_host("ACTION")
    if not is_loopback(host):
        logger.warning(
            "ACTION_HOST=%s: the action server has no authentication; make sure "
            "only the Rasa server can reach it",
            host,
        )
    # as rasa_sdk.endpoint.run, with the address
    app = create_app(
        args.actions or "actions", cors_origins=args.cors, auto_reload=args.auto_reload
    )
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(
        args.ssl_certificate, args.ssl_keyfile, args.ssl_password
    )
    protocol = "https" if ssl_context else "http"
    logger.info("Action server listening on %s://%s:%s", protocol, host, args.port)
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    sys.exit(main())
