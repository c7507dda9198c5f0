"""Related coverage: other stories (never copies) sharing officials, organizations and places near the
article's date, words as a secondary signal, with the reason on the page and in the API."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from index import LOCAL_TZ, ArchiveIndex, Article, Official

MINH = Official("Trần Văn Minh", ("Giám đốc Sở Xây dựng",))
HOA = Official("Lê Thị Hoa", ("Phó Chủ tịch UBND thành phố",))
SO = "Sở Xây dựng Đà Nẵng"
HOI = "Hội <b>Cầu đường</b> & Đô thị"          # markup in a value: must reach the page escaped
BASE_DAY = datetime(2024, 3, 10, 8, 0, tzinfo=LOCAL_TZ)

# Hand-written bodies, long enough for copies to be recognised as one story.
BRIDGE = ("Sở Xây dựng Đà Nẵng bắt đầu sửa chữa mặt cầu Rồng sau khi phát hiện nhiều vết nứt trên các khe "
          "co giãn. Trong thời gian thi công, xe tải nặng phải đi đường vòng qua cầu Trần Thị Lý, còn xe máy "
          "vẫn được lưu thông vào ban đêm.")
REWRITE = ("Những vết nứt ở khe co giãn của cầu Rồng khiến việc thi công kéo dài; tài xế xe tải được khuyên "
           "chọn đường vòng, trong khi người đi xe máy chỉ được qua cầu lúc ban đêm cho tới khi sửa xong.")
SCHOOLS = ("Đoàn kiểm tra của thành phố làm việc với các trường học về phương án phòng cháy, yêu cầu lắp thêm "
           "bình chữa cháy, mở lối thoát hiểm và tập huấn cho giáo viên trước khi năm học mới khai giảng.")
TENDER = ("Thành phố công bố kết quả đấu thầu gói xây lắp tuyến đường ven biển phía bắc, nhà thầu trúng thầu "
          "cam kết hoàn thành nền móng trong sáu tháng và trồng lại hàng dừa hai bên đường.")
PARK = ("Công viên bên bờ sông được mở rộng thêm hai héc ta với sân chơi cho trẻ em, đường chạy bộ và khu "
        "tập thể dục ngoài trời, dự kiến đón người dân từ dịp nghỉ lễ cuối tuần sau.")
MARKET = ("Ban quản lý chợ trung tâm sắp xếp lại các quầy hàng, dựng mái che mới ở lối vào phía đông và lắp "
          "camera giám sát để tiểu thương yên tâm buôn bán suốt mùa mưa bão sắp tới.")


def on(days: int) -> datetime:
    return BASE_DAY + timedelta(days=days)


def article(article_id: str, body: str, published: datetime | None, *, officials: tuple[Official, ...] = (),
            organizations: tuple[str, ...] = (), places: tuple[str, ...] = (), source: str = "Báo A"
            ) -> Article:
    return Article(id=article_id, title=body.split(",")[0], body=body, source=source, published=published,
                   officials=officials, organizations=organizations, places=places)


ARTICLES = [
    article("base", BRIDGE, on(0), officials=(MINH, HOA), organizations=(SO, HOI), places=("Đà Nẵng",)),
    article("base-copy", BRIDGE + "\n\nTheo TTXVN", on(0), officials=(MINH,), organizations=(SO,),
            places=("Đà Nẵng",), source="Báo B"),
    article("base-undated", BRIDGE + "\n\nẢnh: Minh Anh", None, officials=(MINH,), source="Báo C"),
    # Another story sharing the official, the bodies and the place four days later, in two copies.
    article("schools", SCHOOLS, on(4), officials=(MINH,), organizations=(SO, HOI), places=("Đà Nẵng",),
            source="Báo <i>D</i>"),
    article("schools-copy", SCHOOLS + "\n\nTheo TTXVN", on(5), officials=(MINH,), organizations=(SO, HOI),
            places=("Đà Nẵng",), source="Báo E"),
    # A close rewrite of the base story's facts with no entity recorded: related by words only.
    article("rewrite", REWRITE, on(2)),
    # Stronger entity matches, 40 days and two years away.
    article("month", TENDER, on(40), officials=(MINH, HOA), organizations=(SO, HOI), places=("Đà Nẵng",)),
    article("far", PARK, on(-730), officials=(MINH, HOA), organizations=(SO, HOI), places=("Đà Nẵng",)),
    # An undated story of its own.
    article("lone", MARKET, None, officials=(MINH,), organizations=(SO,)),
] + [article(f"filler-{i:03d}", f"Bản tin số {i}: trời nhiều mây, có mưa rào và dông vài nơi, gió nhẹ, "
                                f"nhiệt độ cao nhất khoảng ba mươi độ, độ ẩm không khí ở mức trung bình.", on(i % 3))
     for i in range(90)]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("related") / "ix"
    ix = ArchiveIndex.open(path, create=True)
    ix.write_batch(ARTICLES)
    ix.close()
    return path


@pytest.fixture(scope="module")
def searcher(index_dir):
    ix = ArchiveIndex.open(index_dir)
    yield ix.searcher()
    ix.close()


def ids(searcher, article_id: str, n: int) -> list[str]:
    return [r.hit.id for r in searcher.related(article_id, n)]


def test_fixture_stories_are_as_planted(searcher) -> None:
    stories = {a.id: searcher.get(a.id).story for a in ARTICLES[:9]}
    assert stories["base-copy"] == stories["base-undated"] == stories["base"]
    assert stories["schools-copy"] == stories["schools"]
    assert len(set(stories.values())) == 6


def test_copies_of_the_same_story_are_never_listed_and_each_story_once(searcher) -> None:
    for own in ("base", "base-copy", "base-undated"):
        got = ids(searcher, own, 20)
        assert not {"base", "base-copy", "base-undated"} & set(got)
        stories = [searcher.get(i).story for i in got]
        assert len(stories) == len(set(stories))
    assert len({"schools", "schools-copy"} & set(ids(searcher, "base", 20))) == 1


def test_shared_official_and_organization_outrank_shared_words(searcher) -> None:
    related = searcher.related("base", 3)
    assert [r.hit.id for r in related] == ["month", "schools", "rewrite"]
    month, schools, rewrite = (r.reason for r in related)
    assert schools.officials == ("Trần Văn Minh",) and set(schools.organizations) == {SO, HOI}
    assert month.officials == ("Lê Thị Hoa", "Trần Văn Minh")          # the rarer one first
    assert schools.places == ("Đà Nẵng",)
    assert rewrite.officials == rewrite.organizations == rewrite.places == ()
    assert {"rồng", "nứt", "giãn"} <= set(rewrite.words)


def test_window_is_respected_and_widened_when_too_few_share_people(searcher) -> None:
    nearest = searcher.related("base", 1)           # 7 days hold one story sharing people: "month" waits
    assert [(r.hit.id, r.reason.window_days) for r in nearest] == [("schools", 7)]
    two = searcher.related("base", 2)               # a story sharing only words does not stop the widening
    assert [(r.hit.id, r.reason.window_days) for r in two] == [("month", 90), ("schools", 90)]
    every = searcher.related("base", 5)             # beyond the widest window: filled in after, unwindowed
    assert [r.hit.id for r in every][:3] == ["month", "schools", "rewrite"]
    assert "far" in [r.hit.id for r in every][3:]
    assert [r.reason.window_days for r in every] == [365, 365, 365, None, None]


def test_an_undated_copy_takes_its_story_date(searcher) -> None:
    related = searcher.related("base-undated", 2)    # without its story's date "far" (earliest) would tie
    assert len(related) == 2 and "far" not in {r.hit.id for r in related}
    assert {r.reason.window_days for r in related} == {90}


def test_an_article_sharing_no_people_widens_on_any_candidate(searcher) -> None:
    related = searcher.related("rewrite", 1)        # shares words only: the words' story, 2 days away
    assert [(r.hit.story, r.reason.window_days) for r in related] == [("base", 7)]


def test_undated_articles_get_related_items_without_a_window(searcher) -> None:
    related = searcher.related("lone", 4)
    assert len(related) == 4 and "far" in {r.hit.id for r in related}     # two years from the others
    assert {r.reason.window_days for r in related} == {None}
    assert {(r.reason.officials, r.reason.organizations) for r in related} == {(("Trần Văn Minh",), (SO,))}
    assert searcher.related("missing") == []


@pytest.fixture(scope="module")
def client(index_dir, tmp_path_factory):
    from conftest import _site_app

    app = _site_app(index_dir, tmp_path_factory.mktemp("instance"))
    yield app.test_client()
    app.extensions["archive_index"].close()


def test_article_page_shows_the_reason_escaped_with_date_and_source(client) -> None:
    html = client.get("/article/base").get_data(as_text=True)
    related = html.split('id="related-heading"')[1]
    assert related.index('href="/article/schools"') < related.index('href="/article/rewrite"')
    assert "Hội &lt;b&gt;Cầu đường&lt;/b&gt; &amp; Đô thị" in related and "<b>Cầu" not in related
    assert "Báo &lt;i&gt;D&lt;/i&gt;" in related and '<time datetime="2024-03-14' in related
    assert "Không rõ ngày" in related                                 # "lone", listed last, is undated
    assert "Cùng nhắc đến quan chức" in related and "/official/Tr%E1%BA%A7n%20V%C4%83n%20Minh" in related
    assert "Từ chung" in related and "rồng" in related
    assert 'href="/article/base-copy"' not in related


def test_api_carries_the_related_stories_with_their_reasons(client) -> None:
    data = client.get("/api/articles/base").get_json()
    assert data["same_story"] and "body" in data                   # existing keys are kept
    related = {r["id"]: r for r in data["related"]}
    schools = related["schools"]
    assert schools["window_days"] == 365 and schools["published"].startswith("2024-03-14")
    assert schools["shared"]["officials"] == ["Trần Văn Minh"] and HOI in schools["shared"]["organizations"]
    assert schools["shared"]["places"] == ["Đà Nẵng"] and schools["permalink"].endswith("/article/schools")
    assert related["far"]["window_days"] is None and "rồng" in related["rewrite"]["shared"]["words"]
    spec = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert spec["Article"]["properties"]["related"]["items"] == {"$ref": "#/components/schemas/Related"}
    assert {"shared", "window_days"} <= set(spec["Related"]["properties"])
