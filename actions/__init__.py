"""The rasa_sdk action server: thin adapters from slots to the policy engine and back.

Run with ``rasa run actions --actions actions``; rasa_sdk imports every module of this package.
"""
