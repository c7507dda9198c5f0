"""`python -m search_app`: the production server (waitress) on loopback, and its refusal of a missing index."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path


def test_server_answers_over_http(site_server):
    with urllib.request.urlopen(site_server + "/?q=bao+lu") as response:
        assert response.status == 200
        assert response.headers["Server"] == "archive"          # waitress, not the Flask dev server
        html = response.read().decode()
    assert "Bão lũ miền Trung gây thiệt hại nặng" in html.replace("<mark>", "").replace("</mark>", "")
    with urllib.request.urlopen(site_server + "/api/search?q=bao+lu") as response:
        assert json.load(response)["total"] >= 1


def test_missing_index_is_a_clear_error(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "search_app", "--index", str(tmp_path / "none"),
                             "--port", "1"], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[1],
                            env=dict(os.environ, ARCHIVE_SECRET_KEY="test"))
    assert result.returncode == 2
    assert "search_app:" in result.stderr and "none" in result.stderr
