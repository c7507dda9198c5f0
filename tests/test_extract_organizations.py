"""Organizations: head word + body, canonical names with abbreviations expanded, certain resolutions only."""

from __future__ import annotations

from ingest.extract.lexicon import phrase_pattern
from ingest.extract.organizations import canonical_organization, find_organizations, organization_aliases
from ingest.extract.spans import count_prefixes, extend_span, span_key


def names(text: str, foreign: bool = False) -> list[str]:
    return [m.name for m in find_organizations(text, foreign=foreign)]


def test_abbreviations_expanded_to_one_canonical_name() -> None:
    assert canonical_organization("UBND TP Hà Nội") == "Ủy ban nhân dân thành phố Hà Nội"
    assert canonical_organization("HĐND tỉnh Nghệ An") == "Hội đồng nhân dân tỉnh Nghệ An"
    assert canonical_organization("Ban Dân vận TW") == "Ban Dân vận Trung ương"
    assert canonical_organization("Bộ GD&ĐT") == "Bộ Giáo dục và Đào tạo"
    assert names("UBND TP.HCM vừa có văn bản.") == ["Ủy ban nhân dân thành phố Hồ Chí Minh"]


def test_aliases_of_a_canonical_name() -> None:
    aliases = organization_aliases("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Đà Nẵng")
    assert "Ủy ban MTTQ Việt Nam thành phố Đà Nẵng" in aliases
    assert "Ủy ban MTTQ Việt Nam TP Đà Nẵng" in aliases
    assert organization_aliases("Mặt trận Tổ quốc Việt Nam")[:2] == ("MTTQ Việt Nam", "MTTQ")
    assert organization_aliases("Bộ Giáo dục và Đào tạo")[0] == "Bộ GD&ĐT"


def test_mttq_and_mass_organizations() -> None:
    text = ("Ủy ban MTTQ Việt Nam tỉnh Thái Bình phối hợp với Hội Chữ thập đỏ tổ chức trao quà. "
            "MTTQ các cấp đã vận động được nhiều tấm lòng hảo tâm.")
    assert names(text) == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thái Bình", "Hội Chữ thập đỏ Việt Nam",
                           "Mặt trận Tổ quốc Việt Nam"]


def test_bare_committee_resolved_only_when_the_city_is_certain() -> None:
    certain = "Thành ủy Đà Nẵng họp phiên thường kỳ. Ban Thường vụ Thành ủy đã thống nhất nhiều nội dung."
    assert names(certain) == ["Thành ủy Đà Nẵng", "Ban Thường vụ Thành ủy Đà Nẵng"]
    uncertain = "Đoàn công tác từ Hà Nội vào Đà Nẵng. Ban Thường vụ Thành ủy đã thống nhất nhiều nội dung."
    assert names(uncertain) == []


def test_places_alone_and_generic_offices_are_not_organizations() -> None:
    text = ("Đội tuyển Tây Ban Nha tới Hội An. Ban tổ chức cho biết Công an huyện đã có mặt tại Hà Nội, "
            "các sở, ban, ngành liên quan cùng tham dự.")
    assert names(text) == []


def test_missing_punctuation_and_heads_inside_place_names() -> None:
    text = "Công an TP Hà Nội Chiều 10/3 đã bắt giữ nghi phạm ở xã Hội Phú, phường Hai Bà Trưng."
    assert names(text) == ["Công an thành phố Hà Nội"]
    assert names("UBND phường Hai Bà Trưng họp dân.") == ["Ủy ban nhân dân phường Hai Bà Trưng"]


def test_legal_forms_generic_units_and_labels_name_nothing() -> None:
    text = ("Gửi tới: Ban Văn hóa, Tiêu đề: Góp ý. Công ty TNHH ký hợp đồng với Cục Quản lý, "
            "còn Công ty TNHH Thép Hòa Bình thì chưa.")
    assert names(text) == ["Công ty TNHH Thép Hòa Bình"]


def test_ministries_units_and_schools() -> None:
    text = ("Bộ Y tế tổ chức hội nghị với Bệnh viện Chợ Rẫy và Trường THCS Phan Chu Trinh. "
            "Viện KSND tối cao đã phê chuẩn, Cục Xúc tiến thương mại cũng tham gia.")
    assert names(text) == ["Bộ Y tế", "Bệnh viện Chợ Rẫy", "Trường THCS Phan Chu Trinh",
                           "Viện kiểm sát nhân dân tối cao", "Cục Xúc tiến thương mại"]


def test_ministries_listed_after_cac_bo() -> None:
    text = "Tổ công tác gồm đại diện các bộ: Tài chính, Nội vụ và Kế hoạch - Đầu tư cùng các địa phương."
    assert names(text) == ["Bộ Tài chính", "Bộ Nội vụ", "Bộ Kế hoạch và Đầu tư"]


def test_international_organizations_by_acronym() -> None:
    assert names("Đại diện ASEAN và WTO họp tại Geneva.") == ["Hiệp hội các quốc gia Đông Nam Á",
                                                                "Tổ chức Thương mại Thế giới"]


def test_english_names_with_a_telling_last_word() -> None:
    text = "Theo China Daily, tập đoàn Pacific Energy Corp vừa ký hợp đồng; Anh Minh nói vậy."
    assert names(text) == ["China Daily", "Pacific Energy Corp"]


def test_foreign_bodies_keep_their_country() -> None:
    text = "Quốc hội Anh bỏ phiếu, Bộ Quốc phòng Nga phản đối, còn Chính phủ chưa lên tiếng."
    assert names(text, foreign=True) == ["Quốc hội Anh", "Bộ Quốc phòng Nga"]
    assert "Chính phủ" in names(text, foreign=False)


def test_credits_form_labels_and_plural_kinds_name_nothing() -> None:
    text = ("Đoàn khách tham quan cảng. (Ảnh: Minh Anh/TTXVN)\n\nNgười gửi: Lan, Gửi tới: Ban Biên tập Tiêu đề: "
            "Góp ý. Giải đấu của các CLB Đông Nam Á khởi tranh.")
    assert names(text) == []


def test_written_variants_share_one_canonical_name() -> None:
    assert canonical_organization("Công an Hà Nội") == canonical_organization("Công an TP Hà Nội") == \
        "Công an thành phố Hà Nội"
    assert canonical_organization("UBND Quảng Nam") == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert canonical_organization("Thành ủy TP.HCM") == canonical_organization("Thành ủy Hồ Chí Minh")
    assert canonical_organization("Bộ GDĐT") == canonical_organization("Bộ Giáo dục- Đào tạo") == "Bộ Giáo dục và Đào tạo"
    assert canonical_organization("Chính phủ Việt Nam") == "Chính phủ"
    assert canonical_organization("Hội đồng Bảo an") == "Hội đồng Bảo an Liên hợp quốc"
    assert canonical_organization("Cục Hàng không Việt Nam") == canonical_organization("Cục Hàng không")
    assert canonical_organization("Sở GD-ĐT TP.HCM") == "Sở Giáo dục và Đào tạo thành phố Hồ Chí Minh"
    assert "Công an Hà Nội" in organization_aliases("Công an thành phố Hà Nội")
    assert "Thành ủy TP.HCM" in organization_aliases("Thành ủy Hồ Chí Minh")
    assert "Hội đồng Bảo an" in organization_aliases("Hội đồng Bảo an Liên hợp quốc")


def test_names_joined_by_hyphens_and_by_va_on_the_way_to_a_known_body() -> None:
    assert names("Sở Kế hoạch-Đầu tư tỉnh Nghệ An đã trình đề án.") == ["Sở Kế hoạch-Đầu tư tỉnh Nghệ An"]
    assert names("Bộ trưởng Bộ Nông nghiệp và Phát triển Nông thôn Nguyễn Văn Bình phát biểu.") == \
        ["Bộ Nông nghiệp và Phát triển nông thôn"]
    assert names("Bộ Y tế và Bộ Tài chính cùng ký.") == ["Bộ Y tế", "Bộ Tài chính"]
    assert names("Đơn vị thuộc Bộ Công an và Vietnam Airlines phối hợp.")[0] == "Bộ Công an"


def test_lower_case_heads_cue_words_and_older_heads() -> None:
    text = ("Theo hãng tin Yonhap và tờ New York Times, sinh viên trường ĐH Bách khoa gửi thư cho bộ GT-VT, "
            "còn cán bộ Hội Nông dân nói với báo Tuổi Trẻ. Có mặt có Đồn Biên phòng Phước Lộc, Đại sứ quán Mỹ và "
            "Quân khu 7. Đại sứ quán Việt Nam tại Nhật Bản cho biết.")
    assert names(text) == ["Yonhap", "New York Times", "Trường ĐH Bách khoa", "Bộ Giao thông vận tải",
                           "Hội Nông dân Việt Nam", "Báo Tuổi Trẻ", "Đồn Biên phòng Phước Lộc", "Đại sứ quán Mỹ",
                           "Quân khu 7", "Đại sứ quán Việt Nam tại Nhật Bản"]


def test_generic_kinds_and_departments_without_a_certain_place() -> None:
    assert names("Viện Nghiên cứu, Cơ quan CSĐT và Trường THPT đều nhận được văn bản.") == []
    assert names("Sở Y tế cho biết số ca bệnh giảm.") == []
    assert names("Sở Y tế cho biết số ca bệnh giảm. UBND tỉnh Nghệ An chỉ đạo.") == ["Sở Y tế tỉnh Nghệ An",
                                                                                   "Ủy ban nhân dân tỉnh Nghệ An"]


def test_corpus_evidence_continues_a_name_cut_by_the_scanner() -> None:
    texts = ["Trung tâm Dự báo khí tượng cho biết.", "Theo Trung tâm Dự báo khí tượng, trời rét.",
             "Trung tâm Dự báo thời tiết nói.", "Trung tâm Dự báo khí tượng cảnh báo.", "Trung tâm Dự kiến mở.",
             "Trung tâm Dự báo khí tượng (TTDB)."]
    table = count_prefixes(texts, phrase_pattern(["Trung tâm"]))
    assert table["trung tâm dự"] == "báo" and table["trung tâm dự báo"] == "khí"
    assert "trung tâm dự báo khí tượng" not in table          # seen four times: too rare to trust
    assert span_key("Sở Kế hoạch-Đầu tư") == "sở kế hoạch - đầu tư"
    text = "Viện Vệ sinh dịch tễ Trung ương lấy mẫu."
    assert text[:extend_span(text, 0, len("Viện Vệ sinh"), lambda t, p: False)] == "Viện Vệ sinh dịch tễ Trung ương"


def test_a_unit_is_named_with_the_body_it_belongs_to_and_the_parent_too() -> None:
    assert names("Cơ quan Cảnh sát điều tra Công an tỉnh Phú Thọ xác định nguyên nhân.") == [
        "Cơ quan Cảnh sát điều tra Công an tỉnh Phú Thọ", "Công an tỉnh Phú Thọ"]
    assert names("Lãnh đạo đã giao Phòng Cảnh sát giao thông (Công an TP. Hải Phòng) xác minh.") == [
        "Phòng Cảnh sát giao thông Công an thành phố Hải Phòng", "Công an thành phố Hải Phòng"]
    assert names("Cục Cảnh sát giao thông Bộ Công an cho biết.") == ["Cục Cảnh sát giao thông Bộ Công an", "Bộ Công an"]
    # A verb or function word between them: two bodies, the unit alone not specific enough to name.
    assert names("Phòng Cảnh sát giao thông đã báo cáo Bộ Công an.") == ["Bộ Công an"]


def test_a_name_does_not_go_on_in_lower_case_after_a_foreign_word() -> None:
    assert names("Tập đoàn Trump cáo buộc phía đối tác.") == ["Tập đoàn Trump"]
    assert names("Theo Báo Guardian dẫn lời ông Smith.") == ["Báo Guardian"]
    assert names("Cục Xúc tiến thương mại cho biết.") == ["Cục Xúc tiến thương mại"]


def test_national_bodies_and_a_countrys_bodies_written_in_lower_case() -> None:
    assert names("Trung tâm Dự báo khí tượng thủy văn quốc gia cho biết.") == [
        "Trung tâm Dự báo khí tượng thủy văn quốc gia"]
    assert names("Đạo luật mà quốc hội Mỹ thông qua; chính phủ Venezuela phản đối.") == [
        "Quốc hội Mỹ", "Chính phủ Venezuela"]


def test_a_building_standing_for_its_institution_and_a_party_named_by_its_creed() -> None:
    assert names("Lầu Năm Góc phản đối kế hoạch, Nhà Trắng chưa bình luận.") == ["Lầu Năm Góc", "Nhà Trắng"]
    assert names("Ứng viên của Đảng Bảo thủ thắng cử.") == ["Đảng Bảo thủ"]


def test_a_word_whose_second_syllable_is_a_function_word_goes_on() -> None:
    assert names("Theo Bộ Thống nhất Hàn Quốc, hai bên đã gặp nhau.") == ["Bộ Thống nhất Hàn Quốc"]
    assert names("Ứng viên của Đảng Tự do Áo đã thắng.") == ["Đảng Tự do Áo"]
    assert names("Trung tâm Dịch vụ Việc làm Hà Nội cho biết.") == ["Trung tâm Dịch vụ Việc làm Hà Nội"]
    # The same function word after another word still ends the name.
    assert names("Cục Thú y do ông A phụ trách.") == ["Cục Thú y"]


def test_a_vietnamese_place_opened_by_a_country_syllable_is_that_place() -> None:
    assert names("Bệnh nhân được đưa tới Trung tâm Y tế Anh Sơn cấp cứu.") == ["Trung tâm Y tế Anh Sơn"]
    assert names("Bệnh viện Đa khoa Nga Sơn tiếp nhận ca bệnh.") == ["Bệnh viện Đa khoa Nga Sơn"]
    # The country it names, where a clause, a body or a person follows.
    assert names("Bộ Quốc phòng Anh Sáng nay thông báo.") == ["Bộ Quốc phòng Anh"]
    assert names("Bộ Ngoại giao Nga Sergei Lavrov nói.") == ["Bộ Ngoại giao Nga"]
    assert names("Đại sứ quán Mỹ Nguyễn Văn A cho biết.") == ["Đại sứ quán Mỹ"]


def test_a_school_named_by_its_field_or_owner_is_one_school_and_its_kind_is_not() -> None:
    assert names("Trường Đại học Lao động - Xã hội tuyển 1.450 chỉ tiêu, Đại học dân lập Văn Lang 2.000 chỉ tiêu.") == [
        "Trường Đại học Lao động - xã hội", "Đại học dân lập Văn Lang"]
    assert names("Sinh viên Trường Đại học Y cho biết.") == ["Trường Đại học Y"]
    assert names("Học sinh Trường THPT tư thục và Trường CĐ Bán công đều được xét tuyển.") == []
    # A number ending a name, not the first digits of a larger one.
    assert names("Bệnh viện Nhi Đồng 1, Quân khu 7, Đại học Sư phạm Kỹ thuật Nam Định 1.100 chỉ tiêu.") == [
        "Bệnh viện Nhi Đồng 1", "Quân khu 7", "Đại học Sư phạm Kỹ thuật Nam Định"]


def test_numbered_districts_wards_and_units_are_part_of_the_name() -> None:
    assert names("Công an quận 1 TP.HCM đã bắt giữ nghi phạm.") == ["Công an quận 1 thành phố Hồ Chí Minh"]
    assert names("Tòa án nhân dân quận 10 xét xử vụ án.") == ["Tòa án nhân dân quận 10"]
    assert names("Đội Quản lý thị trường số 7 đã kiểm tra cửa hàng.") == ["Đội Quản lý thị trường số 7"]
    # A count after the name is not its number.
    assert names("Công an quận 5.000 người") == [] and names("Bộ Y tế số 5.000 ca bệnh") == ["Bộ Y tế"]


def test_a_hospital_or_school_named_after_a_person_keeps_the_name_and_stops_before_the_next_person() -> None:
    assert names("Sản phụ được chuyển tới Bệnh viện Từ Dũ cấp cứu.") == ["Bệnh viện Từ Dũ"]
    assert names("Học sinh Trường Tiểu học Phan Chu Trinh cho biết.") == ["Trường Tiểu học Phan Chu Trinh"]
    assert names("Giám đốc Bệnh viện Bạch Mai Nguyễn Quang Tuấn cho biết.") == ["Bệnh viện Bạch Mai"]
    assert names("Hiệu trưởng Trường THCS Nguyễn Du Nguyễn Văn An phát biểu.") == ["Trường THCS Nguyễn Du"]


def test_a_university_named_after_a_person_ends_before_its_city() -> None:
    assert names("Sinh viên Trường Đại học Tôn Đức Thắng cho biết.") == ["Trường Đại học Tôn Đức Thắng"]
    assert names("Sinh viên Trường Đại học Nông Lâm Thành phố Hồ Chí Minh cho biết.") == [
        "Trường Đại học Nông Lâm thành phố Hồ Chí Minh"]
