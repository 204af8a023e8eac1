"""Content layer: the card schema, YAML loading with line numbers, validation and the deck."""
