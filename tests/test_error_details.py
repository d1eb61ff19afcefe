"""An unexpected error in the dashboard shows visitors Streamlit's generic notice, never the
exception's text, type or traceback (they hold server paths): .streamlit/config.toml's
client.showErrorDetails, as the served app reads it."""
import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Streamlit reads .streamlit/config.toml from the working folder, as `streamlit run app.py` does.
RUN_APP = textwrap.dedent("""
    import json
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file("streamlit_app.py", default_timeout=60).run()
    print(json.dumps([{"message": e.message, "trace": list(e.stack_trace), "type": e.proto.type}
                      for e in at.exception]))
""")


def test_config_hides_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


@pytest.mark.slow
def test_an_unexpected_error_shows_no_path_type_or_traceback(tmp_path):
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    db = blocker / "budget.duckdb"  # its folder cannot be made: an OSError naming the server path
    env = {**os.environ, "BUDGET_LENS_DB": str(db)}
    run = subprocess.run([sys.executable, "-c", RUN_APP], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    (shown,) = json.loads(run.stdout.strip().splitlines()[-1])
    assert str(tmp_path) in run.stderr  # the server's log keeps the details
    assert str(tmp_path) not in shown["message"] and "redacted" in shown["message"]
    assert shown["trace"] == [] and shown["type"] == ""
