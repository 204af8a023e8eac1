"""Thin typer commands, one module per command.

Thin typer commands, one module per command: they parse options, call one function of the layers
below (session for interactive work) and turn errors into one line and an exit code (cli/app.py).
"""
