"""Admin: login with a hashed password, CSRF on every POST, withdraw/restore, batch upload via ingest."""
from __future__ import annotations

import io
import json
import re

import pytest


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def login(client, password: str = "đúng-mật-khẩu"):
    token = csrf_of(client.get("/admin/login").get_data(as_text=True))
    return client.post("/admin/login", data={"username": "editor", "password": password, "csrf_token": token})


@pytest.fixture
def admin(site_admin_app):
    client = site_admin_app.test_client()
    assert login(client).status_code == 302
    return client


def test_admin_needs_login(site_client):
    assert site_client.get("/admin/").status_code == 302
    assert site_client.post("/admin/withdraw", data={"article_id": "t-001", "reason": "x"}).status_code == 400


def test_wrong_password_and_missing_csrf_are_refused(site_admin_app):
    client = site_admin_app.test_client()
    assert login(client, "sai").status_code == 401
    assert client.get("/admin/").status_code == 302
    no_token = client.post("/admin/login", data={"username": "editor", "password": "đúng-mật-khẩu"})
    assert no_token.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_login_is_refused_when_no_password_is_configured(site_index_dir, tmp_path):
    from search_app import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(site_index_dir), "SECRET_KEY": "k"},
                     instance_path=str(tmp_path))
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    assert "ARCHIVE_ADMIN_PASSWORD_HASH" in page
    assert login(client, "").status_code in (200, 401)
    assert client.get("/admin/").status_code == 302
    app.extensions["archive_index"].close()


def test_withdraw_and_restore(admin):
    page = admin.get("/admin/").get_data(as_text=True)
    response = admin.post("/admin/withdraw", data={"article_id": "t-003", "reason": "Sai sự thật",
                                                   "csrf_token": csrf_of(page)})
    assert response.status_code == 200
    assert "Sai sự thật" in response.get_data(as_text=True)
    assert admin.get("/article/t-003").status_code == 410
    assert admin.get("/api/search?q=bong+da").get_json()["total"] == 0
    unknown = admin.post("/admin/withdraw", data={"article_id": "khong-co", "reason": "x",
                                                  "csrf_token": csrf_of(page)})
    assert unknown.status_code == 404
    restored = admin.post("/admin/restore", data={"article_id": "t-003", "csrf_token": csrf_of(page)})
    assert restored.status_code == 200
    assert admin.get("/article/t-003").status_code == 200
    assert admin.get("/api/search?q=bong+da").get_json()["total"] == 1


def test_upload_ingests_through_the_cli_code_path(admin):
    page = admin.get("/admin/").get_data(as_text=True)
    record = {"id": "up-1", "title": "Tàu ngầm du lịch ra khơi", "source": "Báo Thử",
              "published": "2022-02-03", "url": "https://example.vn/tau-ngam",
              "body": "Chiếc tàu ngầm du lịch đầu tiên đã ra khơi ở vịnh Nha Trang sáng nay."}
    data = {"csrf_token": csrf_of(page),
            "file": (io.BytesIO(json.dumps(record, ensure_ascii=False).encode() + b"\n"), "batch.jsonl")}
    response = admin.post("/admin/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert "Báo cáo nạp dữ liệu" in response.get_data(as_text=True)
    found = admin.get("/api/search?q=tau+ngam").get_json()
    assert [r["title"] for r in found["results"]] == ["Tàu ngầm du lịch ra khơi"]


def test_logout_needs_csrf_and_ends_the_session(admin):
    assert admin.post("/admin/logout").status_code == 400
    page = admin.get("/admin/").get_data(as_text=True)
    assert admin.post("/admin/logout", data={"csrf_token": csrf_of(page)}).status_code == 302
    assert admin.get("/admin/").status_code == 302


def test_repeated_failed_logins_are_throttled(site_admin_app, monkeypatch):
    from search_app import admin as admin_module

    monkeypatch.setattr(admin_module, "throttle", admin_module.LoginThrottle(limit=3, window=60))
    client = site_admin_app.test_client()
    assert [login(client, "sai").status_code for _ in range(3)] == [401, 401, 401]
    assert login(client, "sai").status_code == 429
    assert login(client).status_code == 429          # even the right password, until the window passes
    assert client.get("/admin/").status_code == 302


def test_upload_names_are_short_and_keep_their_suffixes():
    from search_app.admin import upload_name

    assert upload_name("../../etc/passwd.jsonl") == "etc_passwd.jsonl"
    long = upload_name("a" * 300 + ".jsonl.gz")
    assert len(long) <= 100 and long.endswith(".jsonl.gz")
    assert upload_name(None) == "upload" and upload_name("..") == "upload"


def test_upload_while_another_writer_holds_the_lock_answers_quickly(admin, site_admin_app, monkeypatch):
    import time

    from search_app import admin as admin_views

    monkeypatch.setattr(admin_views, "UPLOAD_LOCK_WAIT_S", 0.5)
    page = admin.get("/admin/").get_data(as_text=True)
    record = {"id": "up-2", "title": "Bản tin", "body": "Một bản tin ngắn về mùa lúa mới ở đồng bằng."}
    data = {"csrf_token": csrf_of(page),
            "file": (io.BytesIO(json.dumps(record, ensure_ascii=False).encode() + b"\n"), "batch.jsonl")}
    held = site_admin_app.extensions["archive_index"]._ix.writer()
    try:
        started = time.monotonic()
        response = admin.post("/admin/upload", data=data, content_type="multipart/form-data")
        assert time.monotonic() - started < 20
    finally:
        held.cancel()
    assert response.status_code == 409
    assert "chỉ mục giữ nguyên" in response.get_data(as_text=True)
    assert admin.get("/api/articles/up-2").status_code == 404
