import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))

import pytest  # noqa: E402
from app_fixtures import *  # noqa: E402,F401,F403
from harness import APP_SCRIPT, ROOT, streamlit_server  # noqa: E402


@pytest.fixture(scope="module")
def server(app_data_dir: Path):
    """The app on the session's loaded report, served as `smals-graph app` serves it, for one test module."""
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    with streamlit_server(APP_SCRIPT, {"SMALS_GRAPH_DATA_DIR": str(app_data_dir)}) as base:
        yield base
