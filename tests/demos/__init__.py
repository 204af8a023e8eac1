

def result_dict(demo_id: str, params: dict | None = None, seed: int = 0) -> dict:
    """A demo's result as plain data (what `dlstudy demo ID --json` prints, without `run`)."""
    from dlstudy.demos.runner import run_demo

    return run_demo(demo_id, params, seed).to_dict()
