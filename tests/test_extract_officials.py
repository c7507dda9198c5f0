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


def test_particles_inside_foreign_names() -> None:
    text = ("Tổng thống Syria Karim al-Sabah tiếp Bộ trưởng Ngoại giao Qatar Faisal bin Nasser. "
            "Tổng thống Omar al-Farouk phát biểu.")
    assert officials(text) == {"Karim al-Sabah": ("Tổng thống Syria",),
                               "Faisal bin Nasser": ("Bộ trưởng Ngoại giao Qatar",),
                               "Omar al-Farouk": ("Tổng thống",)}


def test_a_building_standing_for_an_institution_is_part_of_the_title() -> None:
    text = ("Người phát ngôn Nhà Trắng Scott Miller cho biết. Đó là bước đi của người đứng đầu Nhà Trắng. "
            "Phát ngôn viên Điện Kremlin Ivan Petrov bác bỏ.")
    assert officials(text) == {"Scott Miller": ("Người phát ngôn Nhà Trắng",),
                               "Ivan Petrov": ("Phát ngôn viên Điện Kremlin",)}


def test_a_lone_surname_with_no_full_name_in_the_article_is_left_out() -> None:
    assert officials("Tổng thống Mỹ Carter phát biểu tại Quốc hội.") == {}
    assert officials("Tổng thống Mỹ John Carter đến. Tổng thống Mỹ Carter phát biểu.") == {
        "John Carter": ("Tổng thống Mỹ",)}


def test_foreign_names_after_any_title_and_after_a_club_or_company() -> None:
    text = ("Tổng thư ký NATO Mark Olsen cho biết. Giám đốc điều hành Acme Tim Brook nói. "
            "HLV Leeds United Alex Horton đồng ý. Chủ tịch Real Sevilla, Pablo Ortiz (người sáng lập) phản đối. "
            "Trợ lý HLV Lee Min-jae có mặt. HLV Park Hang Seo vắng mặt.")
    assert officials(text) == {"Mark Olsen": ("Tổng thư ký NATO",), "Tim Brook": ("Giám đốc điều hành Acme",),
                               "Alex Horton": ("HLV Leeds United",), "Pablo Ortiz": ("Chủ tịch Real Sevilla",),
                               "Lee Min-jae": ("Trợ lý HLV",), "Park Hang Seo": ("HLV",)}


def test_a_foreign_name_glued_to_vietnamese_words_and_a_syllable_written_apart() -> None:
    text = ("Tư lệnh Hạm đội Thái Bình Dương Mỹ Harry Olson đến. Thủ tướng Libăng Rafik Karam bị ám sát. "
            "Tổng thống Hàn Quốc Moon Jae - in phát biểu.")
    assert officials(text) == {"Harry Olson": ("Tư lệnh Hạm đội Thái Bình Dương Mỹ",),
                               "Rafik Karam": ("Thủ tướng Libăng",), "Moon Jae-in": ("Tổng thống Hàn Quốc",)}


def test_bodies_are_not_people() -> None:
    assert officials("Người đứng đầu European Super League từ chức. Tổng thư ký Liên Hợp Quốc phát biểu.") == {}


def test_lower_ranks_and_their_case_variants() -> None:
    text = ("Chánh văn phòng UBND tỉnh Đỗ Văn Tâm cho biết. Thiếu tá Trần Văn Bình, Phó phòng Cảnh sát hình sự "
            "Công an tỉnh, xác nhận. Ông Lê Văn Hải, Tổ trưởng tổ dân phố số 3, kể lại.")
    assert officials(text) == {"Đỗ Văn Tâm": ("Chánh văn phòng UBND tỉnh",),
                               "Trần Văn Bình": ("Phó phòng Cảnh sát hình sự Công an tỉnh", "Thiếu tá"),
                               "Lê Văn Hải": ("Tổ trưởng",)}


def test_given_names_and_trailing_parts_resolve_to_the_full_name() -> None:
    text = ("HLV Nguyễn Hữu Toàn ra mắt. HLV Hữu Toàn cho biết. Thủ tướng Anh Tony Carl Blake đến. "
            "Ông Carl Blake, Thủ tướng Anh, nói. HLV Văn Quyết phát biểu.")
    assert officials(text) == {"Nguyễn Hữu Toàn": ("HLV",), "Tony Carl Blake": ("Thủ tướng Anh",)}


def test_members_listed_after_a_body_without_a_position_word() -> None:
    text = ("HĐQT Sao Bank nhiệm kỳ 2020-2025 gồm: ông Kenji Mori (Chủ tịch HĐQT), ông Lê Minh Quân "
            "và bà Lương Thị Cẩm Vân. Ban chấp hành gồm 35 thành viên.")
    assert officials(text) == {"Kenji Mori": ("Chủ tịch HĐQT",), "Lê Minh Quân": ("thành viên HĐQT Sao Bank",),
                               "Lương Thị Cẩm Vân": ("thành viên HĐQT Sao Bank",)}


def test_foreign_name_first_a_title_with_no_separator_and_an_abbreviation_after_the_body() -> None:
    text = ("“Rủi ro tăng”, Karl Weber, Bộ trưởng Bộ nội vụ Đức, cảnh báo. Ông Phạm Đại Hải Bí thư Tỉnh ủy Phú Yên "
            "phát biểu. Giám đốc Trung tâm xúc tiến thương mại và đầu tư TP HCM (ITPC) Vũ Kim Hoa công bố.")
    assert officials(text) == {"Karl Weber": ("Bộ trưởng Bộ nội vụ Đức",),
                               "Phạm Đại Hải": ("Bí thư Tỉnh ủy Phú Yên",),
                               "Vũ Kim Hoa": ("Giám đốc Trung tâm xúc tiến thương mại và đầu tư TP HCM (ITPC)",)}


def test_a_foreign_name_after_a_post_and_the_group_it_leads() -> None:
    text = ("Nhà lãnh đạo phe đối lập Jeremy Cole nhắc lại. Người phát ngôn cảnh sát Tom Smith nói. "
            "Thủ tướng hôm nay gặp Tony Green.")
    assert officials(text) == {"Jeremy Cole": ("Nhà lãnh đạo phe đối lập",),
                               "Tom Smith": ("Người phát ngôn cảnh sát",)}


def test_a_name_after_a_coach_and_the_speciality() -> None:
    assert officials("HLV thể lực Nguyễn Văn Hùng và HLV tạm quyền Lê Huỳnh Đức có mặt.") == {
        "Nguyễn Văn Hùng": ("HLV thể lực",), "Lê Huỳnh Đức": ("HLV tạm quyền",)}


def test_a_foreign_word_before_a_vietnamese_name_is_the_body_of_the_title() -> None:
    found = find_officials("Chủ tịch Egroup Nguyễn Ngọc Thủy bị khởi tố.")
    assert [(o.name, o.titles) for o in found] == [("Nguyễn Ngọc Thủy", ("Chủ tịch Egroup",))]


def test_a_degree_or_an_honour_after_a_comma_leads_to_the_title_holder_but_a_rank_does_not() -> None:
    assert officials("Đại tướng, Anh hùng LLVT nhân dân Lê Văn Dũng luôn trung thành.") == {
        "Lê Văn Dũng": ("Đại tướng",)}
    assert officials("Bộ trưởng Bộ Y tế, GS.TS Nguyễn Thanh Long cho biết.") == {
        "Nguyễn Thanh Long": ("Bộ trưởng Bộ Y tế",)}
    # On behalf of the president, a general: he is not the president.
    found = officials("Thừa ủy quyền của Chủ tịch nước, Thiếu tướng Vũ Ngọc Thiềm trao huân chương.")
    assert "Chủ tịch nước" not in found.get("Vũ Ngọc Thiềm", ())


def test_a_foreign_name_set_off_by_commas_before_a_verb_of_saying_holds_the_joint_post_before_it() -> None:
    assert officials("Chủ tịch kiêm Tổng giám đốc Intel, Paul Otellini, nói.") == {
        "Paul Otellini": ("Chủ tịch kiêm Tổng giám đốc Intel",)}
    assert officials("Chủ tịch HĐQT kiêm Tổng giám đốc Công ty ABC Nguyễn Văn A cho biết.") == {
        "Nguyễn Văn A": ("Chủ tịch HĐQT kiêm Tổng giám đốc Công ty ABC",)}
    # Without the verb, capitalized words after a comma may be anything (a list of companies).
    assert officials("Phó chủ tịch Intel, Apple Inc, Google đều có mặt.") == {}
