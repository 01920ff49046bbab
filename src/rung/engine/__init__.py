"""Rung's engine: pure Python capabilities on Polars dataframes.

Nothing below this package imports Django (a test enforces it), so every capability runs
from the CLI, a notebook or a script as well as from the web app.
"""
