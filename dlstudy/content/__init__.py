"""Content: card schema, safe YAML loading, validation, checks, cache, TeX.

Content: the card schema, safe YAML loading with line numbers, validation and checks, the parsed
card cache, TeX to Unicode.
"""
