"""Views of the reporting app: each checks access, reads input, calls one service, and responds."""
