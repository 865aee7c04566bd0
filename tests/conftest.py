import sys
from pathlib import Path

# The harness modules (snippet_catalog, notebook_sync) sit beside the tests.
sys.path.insert(0, str(Path(__file__).parent))

pytest_plugins = ["pytester"]
