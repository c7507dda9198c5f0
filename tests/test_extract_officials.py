"""Officials: the ways Vietnamese news introduces a person with a position (invented sentences)."""

from __future__ import annotations

from index import Article, Official

from ingest.extract import enrich
from ingest.extract.officials import find_officials, normalize_name


def officials(text: str) -> dict[str, tuple[str, ...]]:
    return {o.name: o.titles for o in find_officials(text)}


def test_name_first_with_a_chain_of_titles() -> None:
    text = ("Dự họp có đồng chí Trần Văn Hùng, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy; "
            "bà Lê Thị Mai - Phó Chủ tịch UBND tỉnh Quảng Nam cho biết kế hoạch đã sẵn sàng.")
    assert officials(text) == {
        "Trần Văn Hùng": ("Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng Ban Tổ chức Tỉnh ủy"),
        "Lê Thị Mai": ("Phó Chủ tịch UBND tỉnh Quảng Nam",),
    }


def test_title_in_parentheses() -> None:
    text = "Ông Phạm Quốc Bảo (Giám đốc Sở Y tế Đà Nẵng) trả lời báo chí."
    assert officials(text) == {"Phạm Quốc Bảo": ("Giám đốc Sở Y tế Đà Nẵng",)}


def test_title_first_and_chained_titles_before_the_name() -> None:
    text = ("Chủ tịch UBND tỉnh Bình Định Ngô Văn Tâm chủ trì cuộc họp. "
            "Tổng Bí thư, Chủ tịch nước Hoàng Minh Đức gửi thư chúc mừng.")
    assert officials(text) == {
        "Ngô Văn Tâm": ("Chủ tịch UBND tỉnh Bình Định",),
        "Hoàng Minh Đức": ("Tổng Bí thư", "Chủ tịch nước"),
    }


def test_a_ward_named_after_a_person_is_not_an_official() -> None:
    text = "Theo ông Lê Quốc An, Chủ tịch UBND phường Phạm Ngũ Lão, đợt kiểm tra sẽ kéo dài."
    assert officials(text) == {"Lê Quốc An": ("Chủ tịch UBND phường Phạm Ngũ Lão",)}


def test_foreign_officials_after_a_country_or_a_bare_title() -> None:
    text = ("Tổng thống Mỹ John W Carter tiếp Thủ tướng Anh Emily Stone. "
            "Thủ tướng Kenji Tanaka phát biểu tại Tokyo, còn Chủ tịch Trung Quốc Lý Minh Hoa vắng mặt.")
    assert officials(text) == {
        "John W Carter": ("Tổng thống Mỹ",),
        "Emily Stone": ("Thủ tướng Anh",),
        "Kenji Tanaka": ("Thủ tướng",),
        "Lý Minh Hoa": ("Chủ tịch Trung Quốc",),
    }


def test_initials_and_a_later_surname_only_reference() -> None:
    text = "Tổng thống Mỹ John W. Carter phát biểu. Ngoại trưởng Anh nói Tổng thống Carter đã đồng ý."
    assert officials(text) == {"John W. Carter": ("Tổng thống Mỹ",)}


def test_short_reference_adds_its_title_to_the_full_name() -> None:
    text = ("Đồng chí Đặng Văn Hiếu, Bí thư Huyện ủy, phát biểu. "
            "Ông Hiếu, Chủ tịch HĐND huyện, đề nghị các xã khẩn trương triển khai.")
    assert officials(text) == {"Đặng Văn Hiếu": ("Bí thư Huyện ủy", "Chủ tịch HĐND huyện")}


def test_a_title_that_names_another_officials_post() -> None:
    text = "Ông Lê Văn Toàn, thư ký Phó Thủ tướng Trần Quang Minh, được bổ nhiệm làm trợ lý."
    assert officials(text) == {"Lê Văn Toàn": ("thư ký Phó Thủ tướng",), "Trần Quang Minh": ("Phó Thủ tướng",)}


def test_verbs_of_holding_a_post() -> None:
    text = ("Ông Hồ Văn Nam, Phó Bí thư Tỉnh ủy, giữ chức Phó Tổng Thanh tra Chính phủ. "
            "Ông Đinh Công Lý làm Thứ trưởng Bộ Nội vụ từ tháng 1.")
    assert officials(text) == {"Hồ Văn Nam": ("Phó Bí thư Tỉnh ủy", "Phó Tổng Thanh tra Chính phủ"),
                               "Đinh Công Lý": ("Thứ trưởng Bộ Nội vụ",)}


def test_two_people_sharing_one_title() -> None:
    text = "Thủ tướng bổ nhiệm lại hai Thứ trưởng Bộ Tài chính là ông Vũ Minh Khang và ông Tạ Quang Huy."
    assert officials(text) == {"Vũ Minh Khang": ("Thứ trưởng Bộ Tài chính",),
                               "Tạ Quang Huy": ("Thứ trưởng Bộ Tài chính",)}


def test_a_company_after_a_business_post_is_not_a_name() -> None:
    assert officials("Giám đốc Thai Airways cho biết hãng sẽ mở thêm đường bay.") == {}


def test_private_people_and_places_are_not_officials() -> None:
    text = ("Anh Nguyễn Văn Tèo, 35 tuổi, trú tại xã Tân Phú, cho biết nước đã rút. "
            "Phó Chủ tịch UBND tỉnh Hà Nội chưa trả lời.")
    assert officials(text) == {}


def test_names_normalized_to_one_spelling() -> None:
    assert normalize_name("NGUYỄN  VĂN   AN") == "Nguyễn Văn An"
    assert normalize_name("nguyễn thị hoà") == "Nguyễn Thị Hòa"
    assert normalize_name("McCain") == "McCain"


def test_byline_and_portal_footer_people_are_not_officials() -> None:
    body = ("Sáng 12/5, ông Bùi Văn Quang, Chủ tịch UBND quận Lê Chân, dự lễ khánh thành nhà văn hóa mới của "
            "tổ dân phố số 5 và trao quà cho các gia đình chính sách trên địa bàn.\n\n"
            "Minh Châu - Đức Anh\n\n"
            "Trưởng Ban biên tập: Chánh Văn phòng Trịnh Văn Lực\n\nLiên hệ: 12 Lạch Tray")
    article = enrich(Article(id="t-footer", body=body, title="Khánh thành nhà văn hóa"))
    assert article.officials == (Official("Bùi Văn Quang", ("Chủ tịch UBND quận Lê Chân",)),)
    assert article.authors == ("Minh Châu", "Đức Anh")
