"""One module per demo. Each defines SPEC and run(params, rng); see dlstudy/demos/__init__.py."""
