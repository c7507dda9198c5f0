"""Watchlists end to end, with a real SMTP server on loopback (aiosmtpd): subscribe, double opt-in,
digests after ingest batches (only new originals, one entry per story), one-click unsubscribe, no relay, CSRF, rate
limits, address checks, tampered and expired tokens, escaping in pages and mails."""
from __future__ import annotations

import email
import json
import re
import socket
import time
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from itsdangerous import TimestampSigner

from index import ArchiveIndex
from ingest import ingest_paths
from ingest.alert_config import AlertConfig
from ingest.watchlist_store import WatchlistStore
from search_app import create_app

PUBLIC = "http://archive.test"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class _Inbox:
    """aiosmtpd handler keeping every message delivered to it."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001 - aiosmtpd hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


@pytest.fixture
def inbox():
    """A real SMTP server on a free loopback port; yields (inbox, port)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    handler = _Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def _config(tmp_path: Path, port: int | None, **extra: object) -> dict:
    config = {"TESTING": True, "SECRET_KEY": "watch-secret", "SERVER_NAME": "archive.test",
              "WATCHLIST_DB": str(tmp_path / "watch.sqlite3")}
    if port is not None:
        config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_FROM="Lưu trữ <archive@archive.test>",
                      PUBLIC_URL=PUBLIC)
    config.update(extra)
    return config


def _make_app(index_dir: Path, tmp_path: Path, port: int | None, **extra: object):
    return create_app({"INDEX_DIR": str(index_dir), **_config(tmp_path, port, **extra)},
                      instance_path=str(tmp_path / "instance"))


@pytest.fixture
def app(site_writable_index: Path, tmp_path: Path, inbox):
    application = _make_app(site_writable_index, tmp_path, inbox[1])
    yield application
    application.extensions["archive_index"].close()


def _token(client, path: str = "/watch") -> str:
    page = client.get(path)
    assert page.status_code == 200
    return _CSRF.search(page.get_data(as_text=True)).group(1)


def _subscribe(client, address: str, token_page: str = "/watch", **state: object):
    token = _token(client, token_page)
    return client.post("/watch", data={"csrf_token": token, "email": address, **state})


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(("html",)).get_content()


def _link(message, kind: str) -> str:
    """The first /watch/<kind>/ link of a mail, as a path for the test client."""
    url = re.search(rf"{re.escape(PUBLIC)}/watch/{kind}/\S+", _text(message)).group(0)
    return urlsplit(url).path


def _article(article_id: str, title: str, body: str) -> dict:
    return {"id": article_id, "title": title, "source": "Báo Thử", "published": "2024-05-02T08:00:00+07:00",
            "body": body}


def _batch(tmp_path: Path, name: str, records: list[dict]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _ingest(app, index_dir: Path, path: Path):
    alerts = AlertConfig.from_mapping(app.config, Path(app.instance_path))
    ix = ArchiveIndex.open(index_dir)
    try:
        return ingest_paths([path], ix, alerts=alerts)
    finally:
        ix.close()


DIKE_1 = _article("w-001", "Gia cố đê điều trước mùa mưa bão",
                  "Tỉnh Nam Định huy động 2.000 người gia cố đê điều xung yếu trước mùa mưa bão năm nay.")
DIKE_COPY = _article("w-002", "Nam Định gia cố đê", DIKE_1["body"])
RICE = _article("w-003", "Giá lúa tăng nhẹ", "Thương lái thu mua lúa hè thu với giá cao hơn tuần trước.")
DIKE_2 = _article("w-004", "Kiểm tra đê điều ở Thái Bình",
                  "Đoàn công tác kiểm tra các tuyến đê điều ven biển Thái Bình sau đợt triều cường.")
DIKE_3 = _article("w-005", "Đê điều Hà Nam được nâng cấp",
                  "Hà Nam hoàn thành nâng cấp 5 km đê điều dọc sông Hồng, đón mùa lũ.")


def test_subscribe_confirm_digests_unsubscribe(app, inbox, site_writable_index, tmp_path):
    messages = inbox[0].messages
    client = app.test_client()
    answer = _subscribe(client, "Nguoi.Doc@Example.ORG", q="đê điều")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "Nguoi.Doc@example.org" in answer.get_data(as_text=True)
    assert len(messages) == 1
    confirmation = messages[0]
    assert confirmation["To"] == "Nguoi.Doc@example.org"
    assert confirmation["List-Unsubscribe"].startswith(f"<{PUBLIC}/watch/unsubscribe/")
    assert f"{PUBLIC}/feed.atom?q=" in _text(confirmation)

    # Before confirmation a batch sends nothing.
    _ingest(app, site_writable_index, _batch(tmp_path, "b0.jsonl", [_article("w-000", "Đê điều cũ", "Bài về đê điều.")]))
    assert len(messages) == 1

    confirmed = client.get(_link(confirmation, "confirm"))
    assert confirmed.status_code == 200
    page = confirmed.get_data(as_text=True)
    assert "/feed.atom?q=" in page and "/watch/unsubscribe/" in page

    _ingest(app, site_writable_index, _batch(tmp_path, "b1.jsonl", [DIKE_1, DIKE_COPY, RICE]))
    assert len(messages) == 2
    digest = messages[1]
    text = _text(digest)
    assert f"{PUBLIC}/article/w-001" in text
    assert "w-002" not in text, "a copy (duplicate_of) is not listed, its original is"
    assert "w-003" not in text and "Giá lúa" not in text
    assert "w-000" not in text, "articles added before the confirmation are not sent"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Second batch: the first batch again (unchanged) plus one new match -> only the new one.
    _ingest(app, site_writable_index, _batch(tmp_path, "b2.jsonl", [DIKE_1, RICE, DIKE_2]))
    assert len(messages) == 3
    second = _text(messages[2])
    assert f"{PUBLIC}/article/w-004" in second and "w-001" not in second

    # A batch with nothing matching sends nothing.
    _ingest(app, site_writable_index, _batch(tmp_path, "b3.jsonl", [_article("w-006", "Giá cà phê", "Cà phê tăng giá.")]))
    assert len(messages) == 3

    gone = client.get(_link(messages[2], "unsubscribe"))
    assert gone.status_code == 200
    _ingest(app, site_writable_index, _batch(tmp_path, "b4.jsonl", [DIKE_3]))
    assert len(messages) == 3


def test_one_digest_per_subscriber_for_several_searches(app, inbox, site_writable_index, tmp_path):
    messages = inbox[0].messages
    client = app.test_client()
    for query in ("đê điều", "lúa"):
        assert _subscribe(client, "ban@example.org", q=query).status_code == 200
    for confirmation in list(messages):
        assert client.get(_link(confirmation, "confirm")).status_code == 200
    _ingest(app, site_writable_index, _batch(tmp_path, "b.jsonl", [DIKE_1, RICE]))
    assert len(messages) == 3
    text = _text(messages[2])
    assert "w-001" in text and "w-003" in text


LEVEE = ("Sáng nay, tỉnh Nam Định huy động hơn hai nghìn người dân cùng lực lượng quân đội gia cố các tuyến đê điều "
         "xung yếu dọc sông Hồng và sông Đáy, chuẩn bị cho mùa mưa bão năm nay.\n\n"
         "Theo ban chỉ huy phòng chống thiên tai, khoảng mười lăm cây số đê đã được đắp thêm đất, kè đá và trồng cỏ "
         "chống sạt lở, số vật tư dự phòng gồm bao tải, rọ thép và đá hộc được tập kết sẵn tại các điểm canh đê.")
OTHER_LEVEE = ("Đoàn công tác của bộ kiểm tra các tuyến đê điều ven biển Thái Bình sau đợt triều cường cuối tuần, "
               "ghi nhận nhiều đoạn kè bị sóng đánh bong tróc và yêu cầu địa phương sửa chữa trước tháng bảy, "
               "đồng thời rà soát phương án sơ tán người dân các xã ven biển khi bão đổ bộ.")


def _copy(article_id: str, day: int, source: str) -> dict:
    """A syndicated copy of LEVEE: another opening, a credit line, another outlet and day."""
    body = "Theo tin từ địa phương, " + LEVEE.split(", ", 1)[1] + f"\n\n(Nguồn: {source})"
    return dict(_article(article_id, "Nam Định gia cố đê", body), source=source,
                published=f"2024-05-{day:02d}T09:00:00+07:00")


def test_a_digest_lists_each_story_once_and_skips_new_copies_of_a_story_already_sent(
        app, inbox, site_writable_index, tmp_path):
    messages = inbox[0].messages
    client = app.test_client()
    assert _subscribe(client, "bien.tap@example.org", q="đê điều").status_code == 200
    assert client.get(_link(messages[0], "confirm")).status_code == 200

    original = _article("w-101", "Nam Định gia cố đê điều trước mùa bão", LEVEE)
    _ingest(app, site_writable_index, _batch(tmp_path, "s1.jsonl", [_copy("w-102", 4, "Báo Hai"), original,
                                                                     _copy("w-103", 3, "Báo Ba")]))
    assert len(messages) == 2
    text = _text(messages[1])
    assert f"{PUBLIC}/article/w-101" in text, "the earliest dated copy stands for the story"
    assert "w-102" not in text and "w-103" not in text
    assert "và 2 bản đăng lại" in text and "và 2 bản đăng lại" in _html(messages[1])
    assert text.startswith("1 tin mới")

    # A later copy of the story already sent: no new entry, so no mail.
    _ingest(app, site_writable_index, _batch(tmp_path, "s2.jsonl", [_copy("w-104", 6, "Báo Bốn")]))
    assert len(messages) == 2

    # Another copy with a new story: only the new story, without a reprint count.
    _ingest(app, site_writable_index, _batch(tmp_path, "s3.jsonl", [
        _copy("w-105", 7, "Báo Năm"), _article("w-106", "Kiểm tra đê điều ven biển Thái Bình", OTHER_LEVEE)]))
    assert len(messages) == 3
    third = _text(messages[2])
    assert f"{PUBLIC}/article/w-106" in third and "w-105" not in third and "w-101" not in third
    assert "bản đăng lại" not in third


def test_filters_are_part_of_the_saved_search(app, inbox, site_writable_index, tmp_path):
    messages = inbox[0].messages
    client = app.test_client()
    assert _subscribe(client, "loc@example.org", q="đê điều", source="Nguồn Khác").status_code == 200
    assert client.get(_link(messages[0], "confirm")).status_code == 200
    other = dict(DIKE_2, source="Nguồn Khác")
    _ingest(app, site_writable_index, _batch(tmp_path, "b.jsonl", [DIKE_1, other]))
    text = _text(messages[1])
    assert "w-004" in text and "w-001" not in text
    assert "Nguồn / Source: Nguồn Khác" in text


def test_one_click_unsubscribe_by_post_without_form_token(app, inbox, site_writable_index, tmp_path):
    messages = inbox[0].messages
    client = app.test_client()
    _subscribe(client, "mot@example.org", q="đê điều")
    client.get(_link(messages[0], "confirm"))
    header = messages[0]["List-Unsubscribe"].strip("<>")
    answer = client.post(urlsplit(header).path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    _ingest(app, site_writable_index, _batch(tmp_path, "b.jsonl", [DIKE_1]))
    assert len(messages) == 1


def test_no_relay_nothing_stored_or_sent(site_writable_index, tmp_path, inbox):
    app = _make_app(site_writable_index, tmp_path, None)
    try:
        client = app.test_client()
        page = client.get("/watch?q=đê+điều")
        body = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "chưa được cấu hình" in body and 'name="email"' not in body
        # The page has no form; the session's CSRF token comes from another form of the site.
        answer = _subscribe(client, "ai@example.org", token_page="/admin/login", q="đê điều")
        assert answer.status_code == 503
        assert "chưa được cấu hình" in answer.get_data(as_text=True)
        assert not (tmp_path / "watch.sqlite3").exists()
        report = _ingest(app, site_writable_index, _batch(tmp_path, "b.jsonl", [DIKE_1]))
        assert report.exit_code == 0
    finally:
        app.extensions["archive_index"].close()
    assert inbox[0].messages == []


def test_digest_not_sent_when_relay_removed(app, inbox, site_writable_index, tmp_path):
    messages = inbox[0].messages
    client = app.test_client()
    _subscribe(client, "tat@example.org", q="đê điều")
    client.get(_link(messages[0], "confirm"))
    silent = AlertConfig.from_mapping({**app.config, "SMTP_HOST": None}, Path(app.instance_path))
    ix = ArchiveIndex.open(site_writable_index)
    try:
        ingest_paths([_batch(tmp_path, "b.jsonl", [DIKE_1])], ix, alerts=silent)
    finally:
        ix.close()
    assert len(messages) == 1


def test_csrf_refused_without_token(app, inbox):
    client = app.test_client()
    answer = client.post("/watch", data={"email": "a@example.org", "q": "đê điều"})
    assert answer.status_code == 400
    assert inbox[0].messages == []


@pytest.mark.parametrize("address", ["khong-phai-thu", "a@b", "a@example.org\r\nBcc: x@evil.test",
                                     "Tên <a@example.org>", "a..b@example.org", "x" * 250 + "@example.org"])
def test_bad_addresses_refused(app, inbox, address):
    answer = _subscribe(app.test_client(), address, q="đê điều")
    assert answer.status_code == 400
    assert "không hợp lệ" in answer.get_data(as_text=True)
    assert inbox[0].messages == []


def test_rate_limit_per_address(site_writable_index, tmp_path, inbox):
    app = _make_app(site_writable_index, tmp_path, inbox[1], WATCHLIST_MAILS_PER_ADDRESS_PER_DAY=2)
    try:
        client = app.test_client()
        codes = [_subscribe(client, "lap@example.org", q="đê điều").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert len(inbox[0].messages) == 2
        assert _subscribe(client, "khac@example.org", q="đê điều").status_code == 200
    finally:
        app.extensions["archive_index"].close()


def test_rate_limit_per_ip(site_writable_index, tmp_path, inbox):
    app = _make_app(site_writable_index, tmp_path, inbox[1], WATCHLIST_MAILS_PER_IP_PER_HOUR=3)
    try:
        client = app.test_client()
        codes = [_subscribe(client, f"nguoi{i}@example.org", q="lúa").status_code for i in range(4)]
        assert codes == [200, 200, 200, 429]
        other_ip = app.test_client()
        token = _token(other_ip)
        answer = other_ip.post("/watch", data={"csrf_token": token, "email": "xa@example.org", "q": "lúa"},
                               environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert answer.status_code == 200
    finally:
        app.extensions["archive_index"].close()


def test_max_searches_per_address(site_writable_index, tmp_path, inbox):
    app = _make_app(site_writable_index, tmp_path, inbox[1], WATCHLIST_MAX_SEARCHES=2)
    try:
        client = app.test_client()
        assert _subscribe(client, "nhieu@example.org", q="một").status_code == 200
        assert _subscribe(client, "nhieu@example.org", q="hai").status_code == 200
        assert _subscribe(client, "nhieu@example.org", q="hai").status_code == 200, "the same search again"
        assert _subscribe(client, "nhieu@example.org", q="ba").status_code == 409
    finally:
        app.extensions["archive_index"].close()


def test_tampered_and_expired_tokens_refused(app, inbox, monkeypatch):
    messages = inbox[0].messages
    client = app.test_client()
    _subscribe(client, "han@example.org", q="đê điều")
    confirm = _link(messages[0], "confirm")
    tampered = confirm[:-3] + ("AAA" if not confirm.endswith("AAA") else "BBB")
    assert client.get(tampered).status_code == 400
    assert client.get("/watch/unsubscribe/not-a-token").status_code == 400
    unsubscribe = _link(messages[0], "unsubscribe")
    assert client.get(unsubscribe[:-2] + "xx").status_code == 400

    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 4 * 86400)
    _subscribe(client, "han@example.org", q="lúa")
    monkeypatch.undo()
    expired = client.get(_link(messages[1], "confirm"))
    assert expired.status_code == 400
    assert "hết hạn" in expired.get_data(as_text=True)
    store = WatchlistStore(Path(app.config["WATCHLIST_DB"]))
    assert store.active_searches() == []
    assert client.get(confirm).status_code == 200
    assert [s.spec["q"] for s in store.active_searches()] == ["đê điều"]


def test_user_strings_escaped_in_pages_and_mail(app, inbox, site_writable_index, tmp_path):
    messages = inbox[0].messages
    client = app.test_client()
    hostile = "<script>alert(1)</script> đê"
    page = client.get("/watch", query_string={"q": hostile}).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    answer = _subscribe(client, "an@example.org", q=hostile)
    assert "<script>alert(1)" not in answer.get_data(as_text=True)
    assert "<script>" not in _html(messages[0]) and "&lt;script&gt;" in _html(messages[0])
    assert client.get(_link(messages[0], "confirm")).status_code == 200
    evil = _article("w-666", "<img src=x onerror=alert(2)> đê", "Tin thử về <b>đê</b>: script alert 1.")
    _ingest(app, site_writable_index, _batch(tmp_path, "b.jsonl", [evil]))
    html = _html(messages[1])
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script>" not in html


def test_results_page_offers_the_watch_form(app):
    body = app.test_client().get("/?q=ch%E1%BB%AF+th%E1%BA%ADp+%C4%91%E1%BB%8F&source=VnExpress&page=1").get_data(as_text=True)
    form = body[body.index('<form method="get" action="/watch" class="watch-open">'):]
    form = form[: form.index("</form>")]
    assert 'name="source" value="VnExpress"' in form and 'name="q"' in form
    assert "Theo dõi tìm kiếm này" in form


def test_ingest_command_sends_the_digest_from_environment_settings(app, inbox, site_writable_index, tmp_path):
    from click.testing import CliRunner

    from ingest.cli import cli

    messages = inbox[0].messages
    client = app.test_client()
    _subscribe(client, "dong-lenh@example.org", q="đê điều")
    client.get(_link(messages[0], "confirm"))
    env = {"ARCHIVE_SMTP_HOST": "127.0.0.1", "ARCHIVE_SMTP_PORT": str(inbox[1]),
           "ARCHIVE_SMTP_FROM": "archive@archive.test", "ARCHIVE_PUBLIC_URL": PUBLIC,
           "ARCHIVE_SECRET_KEY": app.config["SECRET_KEY"], "ARCHIVE_WATCHLIST_DB": app.config["WATCHLIST_DB"]}
    path = _batch(tmp_path, "b.jsonl", [DIKE_1, RICE])
    result = CliRunner().invoke(cli, ["add", "--index", str(site_writable_index), "-q", "--no-quarantine",
                                      str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert "alerts: 1 digest(s) sent" in result.output
    assert len(messages) == 2 and "w-001" in _text(messages[1]) and "w-003" not in _text(messages[1])
    # The digest's unsubscribe link is signed with the same key the web app checks.
    assert app.test_client().get(_link(messages[1], "unsubscribe")).status_code == 200


def test_instance_settings_read_like_the_web_app(tmp_path, monkeypatch):
    from ingest.alert_config import load_instance_config

    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "secret_key").write_text("key-from-file", encoding="ascii")
    (instance / "config.py").write_text("WATCHLIST_MAX_SEARCHES = 7\nSMTP_FROM = 'a@example.org'\n",
                                        encoding="utf-8")
    assert not load_instance_config(instance).enabled
    monkeypatch.setenv("ARCHIVE_SMTP_HOST", "relay.example.org")
    monkeypatch.setenv("ARCHIVE_SMTP_PORT", "2525")
    monkeypatch.setenv("ARCHIVE_SMTP_STARTTLS", "true")
    monkeypatch.setenv("ARCHIVE_PUBLIC_URL", "https://archive.example.org/")
    config = load_instance_config(instance)
    assert config.enabled
    assert (config.relay.host, config.relay.port, config.relay.starttls) == ("relay.example.org", 2525, True)
    assert config.secret_key == "key-from-file" and config.max_searches_per_address == 7
    assert config.public_url == "https://archive.example.org"
    assert config.store_path == instance / "watchlists.sqlite3"


def test_unreachable_relay_answers_502_and_ingest_still_succeeds(site_writable_index, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    app = _make_app(site_writable_index, tmp_path, closed_port)
    try:
        answer = _subscribe(app.test_client(), "xa@example.org", q="đê điều")
        assert answer.status_code == 502
        assert "Không gửi được" in answer.get_data(as_text=True)
        store = WatchlistStore(Path(app.config["WATCHLIST_DB"]))
        search = store.save_pending("xa@example.org", "q=x", {"q": "x"}, time.time(), 3600)
        store.confirm(search.id, search.address, time.time())
        notes: list[str] = []
        ix = ArchiveIndex.open(site_writable_index)
        try:
            report = ingest_paths([_batch(tmp_path, "b.jsonl", [dict(DIKE_1, body="x " + DIKE_1["body"])])], ix,
                                  alerts=AlertConfig.from_mapping(app.config, Path(app.instance_path)),
                                  notify=notes.append)
        finally:
            ix.close()
        assert report.exit_code == 0 and report.fatal is None
        assert any(note.startswith("alerts: none sent (failed") for note in notes), notes
    finally:
        app.extensions["archive_index"].close()
