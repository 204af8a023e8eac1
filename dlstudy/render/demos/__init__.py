"""One renderer per demo module, named like it: render(result, console, params)."""
