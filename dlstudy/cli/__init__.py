"""Thin typer commands, one module per command group. They parse arguments, call the core
layers (content, demos, quiz, srs) and hand results to render/."""
