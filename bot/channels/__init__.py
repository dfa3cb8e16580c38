"""Messaging app channels: WhatsApp (Cloud API and Twilio), Telegram, Messenger.

- ``whatsapp.py``: our connector for Meta's WhatsApp Cloud API.
- ``twilio.py``, ``telegram.py``, ``messenger.py``: Rasa's built-in connectors,
  extended with webhook authentication, duplicate detection, non-text messages
  and replies that fit the platform.
- ``base.py``: what the four share (``MessagingInput``: settings from the
  environment, 503 while off, the signature check with 401/403, duplicate
  deliveries; ``MetaWebhook``: WhatsApp's and Messenger's signature and verify
  handshake).
- ``formatting.py``: splitting long answers and turning buttons into what each
  platform shows; ``security.py``: signatures and duplicate deliveries;
  ``settings.py``: each channel's settings from the environment.

Every connector answers a webhook with 503 until its settings are set, so the
server starts without any of them.
"""
