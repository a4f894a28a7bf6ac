"""The privacy tests reuse the reports' data set, whose Board report figures are known."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
