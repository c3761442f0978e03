"""The counter's dialogs: each calls one service and stays open with the message on a refusal."""
