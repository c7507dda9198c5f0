"""Story clusters: reprints and near-copies share a story id whose head is the earliest dated copy;
search collapses them, the app and the API show the other copies."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from index import LOCAL_TZ, ArchiveIndex, Article, SearchRequest
from index.store import article_to_fields

# Hand-written story text: four paragraphs, long enough to be compared.
STORY = (
    "Sáng nay, Ủy ban nhân dân tỉnh Quảng Nam tổ chức lễ khánh thành cây cầu bắc qua sông Thu Bồn, "
    "nối liền hai huyện Duy Xuyên và Đại Lộc sau ba năm thi công liên tục.\n\n"
    "Cây cầu dài gần một cây số, rộng mười hai mét, có tổng vốn đầu tư khoảng năm trăm tỷ đồng từ ngân sách "
    "trung ương và địa phương, giúp người dân không còn phải đi đò qua sông mỗi mùa mưa lũ.\n\n"
    "Phát biểu tại buổi lễ, lãnh đạo tỉnh cho biết công trình sẽ thúc đẩy giao thương, du lịch và rút ngắn "
    "thời gian đi lại từ vùng núi phía tây xuống thành phố Hội An còn khoảng bốn mươi phút.\n\n"
    "Nhiều người dân hai bên bờ sông đã có mặt từ sớm để chứng kiến chiếc xe đầu tiên chạy qua cầu, "
    "trong tiếng trống hội rộn ràng và cờ hoa rực rỡ khắp hai đầu cầu."
)
OTHER = (
    "Chiều qua, đội tuyển bóng đá nữ Việt Nam đã có buổi tập đầu tiên tại sân vận động Thống Nhất "
    "để chuẩn bị cho vòng loại giải châu Á diễn ra vào tháng tới tại Uzbekistan.\n\n"
    "Huấn luyện viên trưởng cho biết toàn đội đang ở trạng thái tốt, chỉ có hai cầu thủ gặp chấn thương "
    "nhẹ và sẽ sớm trở lại tập luyện cùng các đồng đội trong tuần này.\n\n"
    "Ban huấn luyện đặt mục tiêu giành vé dự vòng chung kết, đồng thời thử nghiệm một số cầu thủ trẻ "
    "vừa được gọi lên từ các câu lạc bộ trong nước sau mùa giải vừa qua."
)
# A long shared footer of one outlet: the same lines under unrelated articles must not join them.
FOOTER = (
    "Mời quý độc giả gửi ý kiến, bài viết, hình ảnh và thông tin phản ánh về đường dây nóng của tòa soạn "
    "qua địa chỉ thư điện tử hoặc số điện thoại được đăng ở cuối trang này.\n\n"
    "Tòa soạn giữ quyền biên tập nội dung và chỉ đăng những ý kiến phù hợp với quy định của pháp luật hiện hành."
)


def reprint(text: str) -> str:
    """A syndicated copy: another first sentence, a credit line, a few words swapped."""
    paragraphs = text.split("\n\n")
    first = paragraphs[0].split(", ", 1)[1] if ", " in paragraphs[0] else paragraphs[0]
    paragraphs[0] = "Theo tin từ địa phương, " + first
    paragraphs[1] = paragraphs[1].replace("giúp người dân", "giúp bà con").replace("mười hai", "12")
    return "\n\n".join(paragraphs) + "\n\nTheo TTXVN"


def day(d: int) -> datetime:
    return datetime(2024, 3, d, 8, 0, tzinfo=LOCAL_TZ)


def art(article_id: str, body: str, published: datetime | None = None, source: str = "Báo A",
        title: str = "Khánh thành cầu qua sông Thu Bồn") -> Article:
    return Article(id=article_id, body=body, title=title, source=source, published=published)


@pytest.fixture()
def ix(tmp_path: Path) -> ArchiveIndex:
    index = ArchiveIndex.open(tmp_path / "ix", create=True)
    yield index
    index.close()


def stories(ix: ArchiveIndex) -> dict[str, str]:
    """id → story id as a search reads it."""
    searcher = ix.searcher()
    return {i: searcher.get(i).story for i in ix.article_ids()}


def test_near_copies_form_one_story_headed_by_the_earliest_dated(ix: ArchiveIndex) -> None:
    ix.write_batch([art("late", reprint(STORY), day(5), "Báo B"), art("orig", STORY, day(2)),
                    art("undated", STORY + "\n\nẢnh: Minh Anh", None, "Báo C"),
                    art("sport", OTHER, day(1), title="Tuyển nữ tập buổi đầu")])
    got = stories(ix)
    assert got["late"] == got["orig"] == got["undated"] == "orig"
    assert got["sport"] == "sport"


def test_undated_copies_come_after_dated_ones_and_ties_go_by_id(ix: ArchiveIndex) -> None:
    ix.write_batch([art("b", STORY, day(3)), art("a", reprint(STORY), day(3)), art("0", STORY, None)])
    assert set(stories(ix).values()) == {"a"}


def test_shared_boilerplate_does_not_merge_unrelated_articles(ix: ArchiveIndex) -> None:
    ix.write_batch([art("bridge", STORY + "\n\n" + FOOTER, day(1)),
                    art("football", OTHER + "\n\n" + FOOTER, day(1), title="Tuyển nữ tập buổi đầu"),
                    art("short1", "Trả lời:\n\nĐồng ý với ý kiến trên\n\nTheo TTXVN\n\nẢnh: Minh Anh", day(2)),
                    art("short2", "Hồi âm:\n\nĐồng ý với ý kiến trên\n\nTheo TTXVN\n\nẢnh: Minh Anh", day(3))])
    got = stories(ix)
    assert got["bridge"] == "bridge" and got["football"] == "football"
    assert got["short1"] == "short1" and got["short2"] == "short2"


# One outlet's list of links to related articles (headlines with their dates) and its contact footer, under
# two short unrelated reports: longer than either report, they would make the two look like one text.
RELATED = "\n\n".join(f"{headline}({d:02d}/03/2024)" for d, headline in enumerate((
    "Tỉnh ven biển chuẩn bị đón đoàn khách quốc tế đầu tiên trong năm mới",
    "Giá lúa gạo vùng đồng bằng tăng nhẹ sau nhiều tuần đi ngang liên tục",
    "Hàng nghìn học sinh miền núi được nhận áo ấm trước đợt rét đậm kéo dài",
    "Đường cao tốc mới giúp rút ngắn thời gian đi lại giữa hai vùng kinh tế",
    "Bệnh viện tuyến tỉnh đưa vào sử dụng hệ thống chẩn đoán hình ảnh hiện đại",
    "Nông dân vùng cao chuyển sang trồng cây ăn quả thay cho cây ngô truyền thống",
    "Lễ hội đầu xuân thu hút đông đảo du khách thập phương về dự suốt tuần qua",
    "Ngư dân trúng đậm mẻ cá đầu năm sau chuyến ra khơi kéo dài gần nửa tháng",
    "Trường đại học địa phương mở thêm ngành đào tạo mới về công nghệ số năm nay",
    "Chợ phiên vùng biên giới nhộn nhịp người mua bán trong những ngày giáp Tết"), start=1))
CONTACT = ("Mọi ý kiến đóng góp và tin bài xin gửi về hộp thư bandoc@baoa.example.vn, "
           "tòa soạn xin trân trọng cảm ơn quý độc giả đã luôn đồng hành")
SHORT_BRIDGE = ("Sáng nay, tỉnh Quảng Nam khánh thành cây cầu bắc qua sông Thu Bồn, nối liền hai huyện Duy Xuyên "
                "và Đại Lộc sau ba năm thi công, giúp người dân không còn phải đi đò mỗi mùa mưa lũ.")
SHORT_MATCH = ("Chiều qua, đội tuyển bóng đá nữ Việt Nam có buổi tập đầu tiên tại sân Thống Nhất để chuẩn bị "
               "cho vòng loại giải châu Á diễn ra vào tháng tới, hai cầu thủ vẫn đang điều trị chấn thương.")


def test_a_list_of_related_links_and_a_contact_footer_do_not_merge_unrelated_articles(ix: ArchiveIndex) -> None:
    footer = "\n\n" + RELATED + "\n\n" + CONTACT
    ix.write_batch([art("bridge", SHORT_BRIDGE + footer, day(1)),
                    art("football", SHORT_MATCH + footer, day(1), title="Tuyển nữ tập buổi đầu")])
    ix.write_batch([art("bridge-copy", "Theo tin từ địa phương, " + SHORT_BRIDGE.split(", ", 1)[1] + footer,
                        day(2), "Báo B")])
    assert stories(ix) == {"bridge": "bridge", "football": "football", "bridge-copy": "bridge"}


def test_a_later_batch_joins_a_story_and_an_earlier_copy_becomes_its_head(ix: ArchiveIndex) -> None:
    ix.write_batch([art("first", STORY, day(4)), art("sport", OTHER, day(4), title="Tuyển nữ")])
    ix.write_batch([art("second", reprint(STORY), day(6), "Báo B")])
    assert stories(ix) == {"first": "first", "second": "first", "sport": "sport"}
    ix.write_batch([art("earliest", reprint(STORY).replace("Thu Bồn", "Thu Bồn (Quảng Nam)"), day(1), "Báo C")])
    assert stories(ix) == {"first": "earliest", "second": "earliest", "earliest": "earliest", "sport": "sport"}
    assert ix.get_article("first").body == ix.get_article("first").normalized().body   # rewritten intact
    assert ix.searcher().search(SearchRequest(q="Thu Bồn")).total == 3


NEW_LEAD = ("Chiều tối qua, phóng viên của báo đã có mặt tại công trường để ghi lại không khí chuẩn bị cuối cùng, "
            "khi các đội thợ vẫn miệt mài sơn lại lan can, cắm cờ và dựng sân khấu ngay đầu cầu phía huyện Duy "
            "Xuyên cho buổi lễ sáng nay.")


def test_a_reprint_under_a_new_lead_paragraph_joins_by_its_verbatim_passage(ix: ArchiveIndex) -> None:
    from index.minhash import signature, similarity
    from index.stories import SAME_STORY, VERBATIM_FLOOR

    copy = "\n\n".join([NEW_LEAD] + STORY.split("\n\n")[1:])
    estimate = similarity(signature(art("x", STORY).normalized().body)[0], signature(art("y", copy).normalized().body)[0])
    assert VERBATIM_FLOOR <= estimate < SAME_STORY        # the band where the stored body is read and compared
    ix.write_batch([art("orig", STORY, day(2)), art("sport", OTHER, day(2), title="Tuyển nữ")])
    ix.write_batch([art("new-lead", copy, day(3), "Báo B")])
    assert stories(ix) == {"orig": "orig", "new-lead": "orig", "sport": "sport"}


def test_the_sidecar_is_rebuilt_when_missing_and_withdrawals_keep_the_story(ix: ArchiveIndex) -> None:
    ix.write_batch([art("first", STORY, day(4))])
    (ix.path / "stories.npz").unlink()
    ix.write_batch([art("copy", reprint(STORY), day(5))])
    ix.withdraw("first", "lỗi bản quyền")
    assert stories(ix) == {"first": "first", "copy": "first"}
    ix.write_batch([art("third", reprint(STORY), day(7))])
    assert stories(ix)["third"] == "first"


def test_a_sidecar_signed_by_another_rule_is_recomputed_and_its_stories_kept(
        ix: ArchiveIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    import index.stories

    ix.write_batch([art("first", STORY, day(4)), art("copy", reprint(STORY), day(5))])
    with np.load(ix.path / "stories.npz") as data:
        old_signatures = data["signatures"].copy()
    monkeypatch.setattr(index.stories, "SIGNING", index.stories.SIGNING + 1)
    monkeypatch.setattr(index.stories, "signature", lambda body: (np.zeros(64, np.uint32) + len(body), 99))
    ix.write_batch([art("sport", OTHER, day(6), title="Tuyển nữ")])
    with np.load(ix.path / "stories.npz") as data:
        assert int(data["signing"]) == index.stories.SIGNING
        assert not np.array_equal(data["signatures"][:2], old_signatures)     # recomputed, not reused
    assert stories(ix) == {"first": "first", "copy": "first", "sport": "sport"}


def test_a_sidecar_that_cannot_be_written_leaves_the_batch_committed_and_is_rebuilt(
        ix: ArchiveIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    import index.stories

    ix.write_batch([art("first", STORY, day(4))])
    real_savez = index.stories.np.savez

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index.stories.np, "savez", disk_full)
    ix.write_batch([art("copy", reprint(STORY), day(5))])
    assert ix.doc_count() == 2 and stories(ix) == {"first": "first", "copy": "first"}
    assert sorted(p.name for p in ix.path.iterdir() if "stories" in p.name) == []   # stale file and tmp gone
    monkeypatch.setattr(index.stories.np, "savez", real_savez)
    ix.write_batch([art("third", reprint(STORY), day(7))])
    assert stories(ix)["third"] == "first" and (ix.path / "stories.npz").exists()


def test_an_index_written_before_stories_opens_searches_and_later_copies_join(tmp_path: Path) -> None:
    ix = ArchiveIndex.open(tmp_path / "index", create=True)
    writer = ix._ix.writer()               # an index created before the story field existed
    writer.remove_field("story")
    for article in (art("old", STORY, day(2)), art("old-sport", OTHER, day(2), title="Tuyển nữ")):
        writer.add_document(**article_to_fields(article.normalized()))
    writer.commit()
    assert "story" not in ix._ix.schema
    before = ArchiveIndex.open(tmp_path / "index").searcher()
    assert before.get("old").story == "old"
    page = before.search(SearchRequest(q="Thu Bồn", collapse=True))
    assert [(h.id, h.copies) for h in page.hits] == [("old", 0)] and page.total == 1
    ix.write_batch([art("new", reprint(STORY), day(3), "Báo B")])
    assert stories(ix) == {"old": "old", "new": "old", "old-sport": "old-sport"}
    ix.close()


def search(ix: ArchiveIndex, **kw) -> tuple[list[tuple[str, int]], object]:
    page = ix.searcher().search(SearchRequest(**kw))
    return [(h.id, h.copies) for h in page.hits], page


def test_collapsed_results_show_one_copy_per_story_with_the_count_of_the_others(ix: ArchiveIndex) -> None:
    copies = [art(f"copy{i}", reprint(STORY), day(10 + i), f"Báo {i}") for i in range(3)]
    ix.write_batch(copies + [art("orig", STORY, day(1)),
                             art("bridge2", OTHER + "\n\nCầu Thu Bồn", day(2), title="Tuyển nữ và cầu Thu Bồn")])
    hits, page = search(ix, q="Thu Bồn", collapse=True, page_size=1)
    assert page.total == 2 and page.articles == 5 and page.collapsed and page.pages == 2
    second, _ = search(ix, q="Thu Bồn", collapse=True, page_size=1, page=2)
    both = dict(hits + second)
    assert both.pop("bridge2") == 0 and list(both.values()) == [3]
    assert set(both) <= {"orig", "copy0", "copy1", "copy2"}
    assert sum(fv.count for fv in page.facets["source"]) == 5      # facets count articles
    every, flat = search(ix, q="Thu Bồn")
    assert len(every) == 5 and flat.total == 5 and not flat.collapsed
    expanded, story_page = search(ix, q="Thu Bồn", story="copy1")
    assert {i for i, _ in expanded} == {"orig", "copy0", "copy1", "copy2"} and story_page.total == 4
    assert [h.id for h in ix.searcher().same_story("copy2")] == ["orig", "copy0", "copy1"]


@pytest.fixture()
def client(tmp_path: Path):
    """The web app over an index holding one story in four copies and one unrelated article."""
    from conftest import _site_app

    index = ArchiveIndex.open(tmp_path / "index", create=True)
    index.write_batch([art("orig", STORY, day(1), "Báo <Gốc>"), art("copy-b", reprint(STORY), day(3), "Báo B"),
                       art("copy-c", reprint(STORY), None, "Báo C"), art("copy-d", STORY, day(5), "Báo D"),
                       art("other", OTHER + "\n\nCầu Thu Bồn", day(2), "Báo E", title="Tuyển nữ và cầu Thu Bồn")])
    index.close()
    app = _site_app(tmp_path / "index", tmp_path / "instance")
    yield app.test_client()
    app.extensions["archive_index"].close()


def test_results_page_collapses_copies_with_an_expand_link_and_a_show_all_switch(client) -> None:
    html = client.get("/?q=Thu+B%E1%BB%93n").get_data(as_text=True)
    assert html.count('class="hit"') == 2
    assert "Xem 3 bản đăng lại" in html and "2 câu chuyện từ 5 bài viết" in html
    assert "Số đếm là số bài viết" in html
    assert 'name="all" value="1">' in html                   # the switch, unchecked
    expand = html.split('class="copies"><a href="')[1].split('"')[0].replace("&amp;", "&")
    expanded = client.get(expand).get_data(as_text=True)
    assert expanded.count('class="hit"') == 4 and 'class="copies"' not in expanded
    assert "Một câu chuyện" in expanded                        # the removable chip of the expansion
    every = client.get("/?q=Thu+B%E1%BB%93n&all=1").get_data(as_text=True)
    assert every.count('class="hit"') == 5 and 'name="all" value="1" checked' in every
    assert "câu chuyện từ" not in every


def test_api_carries_copies_and_same_story(client) -> None:
    data = client.get("/api/search?q=Thu+B%E1%BB%93n").get_json()
    assert data["total"] == 2 and data["articles"] == 5 and data["collapsed"] is True
    copies = {r["story"]: r["copies"] for r in data["results"]}
    assert copies == {"orig": 3, "other": 0}
    flat = client.get("/api/search?q=Thu+B%E1%BB%93n&all=1").get_json()
    assert flat["total"] == 5 and {r["copies"] for r in flat["results"]} == {0}
    assert client.get("/api/search?story=copy-c").get_json()["total"] == 4
    article = client.get("/api/articles/copy-b").get_json()
    assert article["story"] == "orig" and article["same_story"] == ["orig", "copy-d", "copy-c"]
    assert client.get("/api/articles/other").get_json()["same_story"] == []
    spec = client.get("/api/openapi.json").get_json()
    assert "same_story" in spec["components"]["schemas"]["Article"]["properties"]
    assert {"all", "story"} <= {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}


def test_article_page_lists_the_other_copies_with_sources_and_dates(client) -> None:
    html = client.get("/article/copy-d").get_data(as_text=True)
    section = html.split('class="same-story"')[1].split("</section>")[0]
    assert "Cùng câu chuyện: 3 bản đăng khác" in section
    assert section.index("Báo &lt;Gốc&gt;") < section.index("Báo B") < section.index("Báo C")   # escaped, by date
    assert 'datetime="2024-03-01' in section and "Không rõ ngày" in section and "bản sớm nhất" in section
    assert "copy-d" not in section.split("<ul>")[1].split("</ul>")[0]
    assert 'class="same-story"' not in client.get("/article/other").get_data(as_text=True)


def test_batch_candidates_are_the_pairs_datasketch_lsh_answers() -> None:
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    from index.minhash import MIN_SHINGLES, NUM_PERM, SEED
    from index.stories import LSH_THRESHOLD, StoryRows, _candidates

    rng = np.random.default_rng(3)
    size, first_new = 2000, 1600
    signatures = rng.integers(0, 2**32, size=(size, NUM_PERM), dtype=np.uint32)
    for i in range(0, size, 7):                # near copies sharing 30-90 % of their values with another row
        j = (i * 13 + 5) % size
        shared = rng.random(NUM_PERM) < rng.uniform(0.3, 0.9)
        signatures[j, shared] = signatures[i, shared]
    sizes = np.where(np.arange(size) % 11 == 0, 1, 100).astype(np.int32)   # some rows too short to compare
    rows = StoryRows([str(i) for i in range(size)], signatures, sizes, np.zeros(size, np.int64), [""] * size)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for i in np.flatnonzero(sizes >= MIN_SHINGLES):
        lsh.insert(int(i), LeanMinHash(seed=SEED, hashvalues=signatures[i], scheme="affine32"))
    expected = {i: {j for j in lsh.query(LeanMinHash(seed=SEED, hashvalues=signatures[i], scheme="affine32")) if j != i}
                for i in range(first_new, size) if sizes[i] >= MIN_SHINGLES}
    got = _candidates(rows, first_new)
    assert got == expected and sum(map(len, got.values())) > 20
