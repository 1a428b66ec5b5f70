"""The rasa_sdk action server: thin adapters from slots to the engine and back.

Run with ``python -m actions.server`` (what ``bot.serve`` does: loopback, Rasa's token only) or
``rasa run actions --actions actions``; rasa_sdk imports every module of this package after
configuring its logging, so this is where the action server installs the log filter that removes
ID, mobile and bank card numbers from every log record (base/privacy.py).
"""

from base.privacy import install_log_filter

install_log_filter()
