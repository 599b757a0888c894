"""``python -m tools.cli``: the same as the ``homeward`` script."""

from tools.cli import app

app()
