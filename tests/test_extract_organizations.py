"""Organizations: head word + body, canonical names with abbreviations expanded, certain resolutions only."""

from __future__ import annotations

from ingest.extract.organizations import canonical_organization, find_organizations, organization_aliases


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
