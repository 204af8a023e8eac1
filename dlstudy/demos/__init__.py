"""The demo engine and catalog/: one module per demo.

Demo engine: registry of demos, parameter parsing, result objects and the runner.

Each demo lives in its own module under dlstudy/demos/catalog/ and defines SPEC (a DemoSpec, with an
optional drill generator) and run(params, rng) -> result dataclass. Heavy libraries (numpy, torch)
are imported inside run(), never at module level, so listing demos stays instant. Renderers live in
dlstudy/render/demos/. docs/adding-a-demo.md walks through adding one.
"""
