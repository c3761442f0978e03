"""The desktop GUI (PySide6). It calls the services and nothing below them."""
