"""Shared test helpers. `shared_dir`: the read-only shared data next to the repository.

Tests that need it are marked `corpus` and FAIL (never skip) when it is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` (corpus, seed, research); fails the test when it is missing."""
    if not (SHARED_DIR / "corpus").is_dir():
        pytest.fail(f"shared data not found at {SHARED_DIR} (corpus tests need it)")
    return SHARED_DIR


@pytest.fixture(scope="session")
def full_index(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full shared corpus and the seed, ingested by the real `ingest add` command, once per session.

    Set ARCHIVE_CRAWL_INDEX=DIR to reuse an index that `ingest add DIR <corpus> <seed>` built (local runs);
    otherwise the session builds one: minutes on 2 cores, by the machine (33 minutes on a slow one while a
    second build ran beside it), so the limit is generous.
    """
    reuse = os.environ.get("ARCHIVE_CRAWL_INDEX")
    if reuse:
        return Path(reuse)
    target = tmp_path_factory.mktemp("crawl") / "index"
    ingest = Path(sys.executable).with_name("ingest")
    done = subprocess.run([str(ingest), "add", "--index", str(target), str(shared_dir / "corpus" / "articles.jsonl.gz"),
                           str(shared_dir / "seed")], capture_output=True, text=True, timeout=3600)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return target


# --- search_app fixtures: a small real index built from hand-written Vietnamese articles ---------

def _site_articles() -> list:
    """Twelve short invented articles covering the facets, an undated one and hostile strings."""
    from datetime import datetime, timedelta, timezone

    from index import Article, Official

    vn = timezone(timedelta(hours=7))
    hcm = Official("Nguyễn Văn Bình", ("Chủ tịch UBND TP.HCM",))
    hanoi = Official("Trần Thị Lan", ("Phó Chủ tịch Hội Chữ thập đỏ Việt Nam",))
    return [
        Article(id="t-001", title="Hội Chữ thập đỏ trao quà cho người dân vùng lũ",
                body="Hội Chữ thập đỏ Việt Nam đã trao 500 suất quà cho người dân vùng lũ miền Trung.\n\n"
                     "Bà Trần Thị Lan cho biết đợt cứu trợ tiếp theo sẽ bắt đầu vào tuần sau.",
                url="https://vnexpress.net/chu-thap-do-1.html", source="VnExpress",
                published=datetime(2020, 10, 20, 9, 30, tzinfo=vn), published_how="source",
                authors=("Minh Anh",), officials=(hanoi,), organizations=("Hội Chữ thập đỏ Việt Nam",),
                topics=("Xã hội",), category="Thời sự"),
        Article(id="t-002", title="Bão lũ miền Trung gây thiệt hại nặng",
                body="Mưa lớn kéo dài khiến nhiều tỉnh miền Trung ngập sâu. Hội Chữ thập đỏ kêu gọi quyên góp.",
                url="https://tuoitre.vn/bao-lu-2.htm", source="Tuổi Trẻ",
                published=datetime(2020, 10, 12, 7, 0, tzinfo=vn), published_how="source",
                organizations=("Hội Chữ thập đỏ Việt Nam",), topics=("Xã hội", "Môi trường")),
        Article(id="t-003", title="Đội tuyển bóng đá Việt Nam thắng trận mở màn",
                body="Đội tuyển bóng đá Việt Nam thắng 2-0 trong trận mở màn vòng loại trên sân Mỹ Đình.",
                url="https://thanhnien.vn/bong-da-3.html", source="Thanh Niên",
                published=datetime(2021, 3, 5, 20, 0, tzinfo=vn), published_how="source",
                organizations=("Liên đoàn Bóng đá Việt Nam",), topics=("Thể thao",)),
        Article(id="t-004", title="TP.HCM khởi công tuyến metro mới",
                body="Ông Nguyễn Văn Bình, Chủ tịch UBND TP.HCM, dự lễ khởi công tuyến metro số 2.",
                url="https://vnexpress.net/metro-4.html", source="VnExpress",
                published=datetime(2019, 12, 1, 8, 0, tzinfo=vn), published_how="text",
                officials=(hcm,), organizations=("UBND TP.HCM",), topics=("Kinh tế",)),
        Article(id="t-005", title="Xuất khẩu gạo tăng mạnh trong quý I",
                body="Kim ngạch xuất khẩu gạo quý I tăng 20% so với cùng kỳ, theo Bộ Công Thương.",
                source="Tuổi Trẻ", published=datetime(2021, 4, 2, 10, 0, tzinfo=vn), published_how="source",
                organizations=("Bộ Công Thương",), topics=("Kinh tế",)),
        Article(id="t-006", title="Hải Phòng tổ chức hội nghị đầu tư",
                body="Thành phố Hải Phòng tổ chức hội nghị xúc tiến đầu tư với sự tham dự của nhiều doanh nghiệp.",
                url="https://haiphong.gov.vn/hoi-nghi-6", source="Haiphong.gov.vn",
                published=datetime(2021, 6, 15, 14, 0, tzinfo=vn), published_how="source",
                organizations=("UBND TP Hải Phòng",), topics=("Kinh tế",)),
        Article(id="t-007", title="Lịch sử Hội Chữ thập đỏ qua các thời kỳ",
                body="Bài viết không rõ ngày đăng kể lại lịch sử hoạt động nhân đạo của Hội Chữ thập đỏ.",
                source="Thanh Niên", organizations=("Hội Chữ thập đỏ Việt Nam",), topics=("Xã hội",)),
        Article(id="t-008", title="<script>alert('xss')</script> Tin thử nghiệm",
                body="Nội dung có thẻ <b>đậm</b> và <img src=x onerror=alert(1)> cần được hiển thị nguyên văn.",
                url="javascript:alert(1)", source="<i>Nguồn lạ</i>",
                published=datetime(2020, 1, 8, 6, 0, tzinfo=vn), published_how="inferred",
                topics=("Xã hội",)),
        Article(id="t-009", title="Chủ tịch UBND TP.HCM làm việc với doanh nghiệp",
                body="Ông Nguyễn Văn Bình đề nghị các doanh nghiệp đẩy nhanh giải ngân vốn đầu tư công.",
                source="Thanh Niên", published=datetime(2020, 5, 18, 15, 0, tzinfo=vn), published_how="source",
                officials=(hcm,), organizations=("UBND TP.HCM",), topics=("Kinh tế",)),
        Article(id="t-010", title="Giá xăng giảm lần thứ ba liên tiếp",
                body="Liên Bộ Công Thương - Tài chính điều chỉnh giảm giá xăng từ 15 giờ chiều nay.",
                url="https://tuoitre.vn/gia-xang-10.htm", source="Tuổi Trẻ",
                published=datetime(2020, 4, 10, 15, 0, tzinfo=vn), published_how="source",
                organizations=("Bộ Công Thương",), topics=("Kinh tế",)),
        Article(id="t-011", title="Tình nguyện viên Chữ thập đỏ hiến máu cứu người",
                body="Hàng trăm tình nguyện viên Chữ thập đỏ tham gia ngày hội hiến máu tại Hà Nội.",
                source="VnExpress", published=datetime(2021, 1, 9, 8, 0, tzinfo=vn), published_how="source",
                officials=(hanoi,), organizations=("Hội Chữ thập đỏ Việt Nam",), topics=("Xã hội", "Sức khỏe")),
        Article(id="t-012", title="Giải bóng chuyền nữ khai mạc tại Hải Phòng",
                body="Giải bóng chuyền nữ quốc gia khai mạc tại nhà thi đấu Hải Phòng với tám đội tham dự.",
                source="Haiphong.gov.vn", published=datetime(2021, 6, 20, 19, 0, tzinfo=vn),
                published_how="source", topics=("Thể thao",)),
    ]


@pytest.fixture(scope="session")
def site_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index folder holding the twelve site test articles (read-only: copy before writing)."""
    from index import ArchiveIndex

    path = tmp_path_factory.mktemp("site") / "index"
    ix = ArchiveIndex.open(path, create=True)
    ix.write_batch(_site_articles())
    ix.close()
    return path


@pytest.fixture
def site_writable_index(site_index_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the site index for tests that withdraw, restore or ingest."""
    import shutil

    target = tmp_path / "index"
    shutil.copytree(site_index_dir, target)
    return target


def _site_app(index_dir: Path, instance: Path, **extra: object):
    from werkzeug.security import generate_password_hash

    from search_app import create_app

    config = {"TESTING": True, "INDEX_DIR": str(index_dir), "SECRET_KEY": "test-secret",
              "ADMIN_USERNAME": "editor", "ADMIN_PASSWORD_HASH": generate_password_hash("đúng-mật-khẩu"),
              "EXPORT_CAP": 5, "SERVER_NAME": "archive.test"}
    config.update(extra)
    return create_app(config, instance_path=str(instance))


@pytest.fixture
def site_app(site_index_dir: Path, tmp_path: Path):
    """The Flask app over the read-only site index (CSRF on, as in production)."""
    app = _site_app(site_index_dir, tmp_path / "instance")
    yield app
    app.extensions["archive_index"].close()


@pytest.fixture
def site_client(site_app):
    """A test client of site_app."""
    return site_app.test_client()


@pytest.fixture
def site_admin_app(site_writable_index: Path, tmp_path: Path):
    """The Flask app over a writable copy of the site index, for admin tests."""
    app = _site_app(site_writable_index, tmp_path / "instance")
    yield app
    app.extensions["archive_index"].close()


@pytest.fixture(scope="session")
def site_server(site_index_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The real server (`python -m search_app`, waitress) on a free loopback port; yields its base URL."""
    import os
    import secrets
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, ARCHIVE_SECRET_KEY=secrets.token_hex(16), ARCHIVE_INDEX="")
    log = tmp_path_factory.mktemp("server") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "search_app", "--index", str(site_index_dir),
                                 "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT,
                                cwd=Path(__file__).resolve().parents[1])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/api/search?size=1", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"search_app server did not start: {log.read_text(errors='replace')}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=20)
