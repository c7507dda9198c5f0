"""Word lists for official and organization extraction (research notes §5–§6 of vietnamese-analysis.md).

Plain data plus :func:`phrase_pattern`, which turns a list of phrases into one anchored, longest-first
regex (a trie of alternations, so matching cost does not grow with the number of phrases).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Vietnamese family names (a Vietnamese full name starts with one of them).
SURNAMES = frozenset("""
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương Lâm Mai
Đinh Lương Lưu Cao Hà Thái Tạ Tô Châu Quách Kiều Hứa Chu Tăng Lại Triệu Khúc Mạc Nghiêm Phùng Đàm Thân Tôn
Giang Lò Lục La Nông Quan Âu Vi Bế Mã Khổng Diệp Hầu Từ Tống Doãn Ninh Thạch Danh Hoàng Văn Viên Lã Lữ Đồng
Trình Kim Ksor Y Rơ Siu Hồng Mạch Lạc Đậu Bạch Nhữ Thiều Phí Cù Tiêu Ứng Đường Cung Ngọ Mẫn Lương Hàn
Kha Biện Trang Võ Vưu Thới Phó Thi Bành Tào Công Sầm Chử Ngụy Nhan Cấn Giáp Hạ Hoa Ma Vòng Thào Sùng Giàng
Tòng Khương Quản Khuất Cầm Lường Điêu Tiết Ôn Mông Chế Dư Ngân Lù Hờ Mùa Vàng Lầu Sái Lỗ Bàn
""".split()) - {"Văn", "Công", "Phó", "Hồng", "Kim", "Trang", "Hoa", "Hạ", "Thi"}

# Military ranks: honorifics before a name, and also positions in the armed forces and police.
RANKS = ("Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá",
         "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy", "Đô đốc", "Chuẩn Đô đốc", "Nguyên soái")

# Words that introduce a person (and so allow a name whose family name is not in SURNAMES).
HONORIFICS = (
    "đồng chí", "Đồng chí", "Đ/c", "đ/c", "ông", "Ông", "bà", "Bà", *RANKS, "GS.TS", "PGS.TS", "GS", "PGS", "TS",
    "ThS", "BS", "Tiến sĩ", "Giáo sư", "Phó Giáo sư", "Luật sư", "Nhà báo", "Nghệ sĩ", "NSND", "NSƯT",
    "tân", "Tân",
)

# Position words (before "Phó"/"nguyên"/"quyền" prefixes and the body naming the organization).
TITLE_WORDS = (
    "Tổng Bí thư", "Bí thư", "Chủ tịch nước", "Chủ tịch", "Thủ tướng Chính phủ", "Thủ tướng", "Bộ trưởng",
    "Thứ trưởng", "Trưởng ban", "Trưởng đoàn", "Trưởng phòng", "Trưởng khoa", "Trưởng", "Giám đốc",
    "Tổng Giám đốc", "Chánh án", "Viện trưởng", "Chánh Văn phòng", "Chánh Thanh tra", "Tổng Thanh tra",
    "Cục trưởng", "Tổng cục trưởng", "Vụ trưởng", "Chủ nhiệm", "Ủy viên", "Đại biểu Quốc hội", "ĐBQH",
    "Tư lệnh", "Chính ủy", "Chỉ huy trưởng", "Tổng Tham mưu trưởng", "Tổng thống", "Ngoại trưởng",
    "Đại sứ", "Tổng Thư ký", "Tổng thư ký", "Tổng Lãnh sự", "Thị trưởng", "Thống đốc", "Người phát ngôn",
    "Hiệu trưởng", "Tổng Kiểm toán Nhà nước", "Phát ngôn viên", "Thủ trưởng", "Quốc vương", "Tổng biên tập",
    "Chủ nhiệm Ủy ban", "Thượng nghị sĩ", "Hạ nghị sĩ", "Nghị sĩ", "Chủ tọa", "Tổng Lãnh sự", "Đặc phái viên",
    "Chủ tịch HĐQT", "Chủ tịch Hội đồng quản trị", "Kiểm sát viên", "Thẩm phán", "Điều tra viên",
    "Nhà lãnh đạo", "Người đứng đầu", "Thư ký", "Trợ lý", "Giám đốc điều hành", "Phó phòng", "Tổ trưởng",
    "Trưởng thôn", "Trưởng ấp", "Trưởng bản", "Trưởng công an", "Kế toán trưởng", "Quốc vụ khanh",
    "HLV trưởng", "HLV", "Huấn luyện viên trưởng", "Huấn luyện viên", *RANKS,
)
TITLE_PREFIXES = ("Phó", "phó", "nguyên", "Nguyên", "quyền", "Quyền", "cựu", "Cựu")
# Buildings and seats that news uses for the institution they house ("người phát ngôn Nhà Trắng", "Điện
# Kremlin"): part of a title's body, never a person's name.
# Buildings that news text uses for the institution they house ("Nhà Trắng cho biết", "Lầu Năm Góc phản đối").
INSTITUTION_BUILDINGS = ("Nhà Trắng", "Điện Kremlin", "Lầu Năm Góc", "Nhà Xanh", "Điện Élysée", "Điện Elysee",
                         "Phố Downing", "Tòa Bạch Ốc")
BUILDINGS = INSTITUTION_BUILDINGS + ("Dinh Độc Lập", "Phủ Chủ tịch", "Phủ Tổng thống", "Điện Capitol", "Đồi Capitol",
                                     "Văn phòng Bầu dục", "Phủ Thủ tướng", "Hoàng gia", "Cung điện Buckingham",
                                     "Điện Buckingham")
# Words of foreign organization names: a capitalized run holding one is a body, not a person ("European Super
# League", "Manchester United").
FOREIGN_ORG_WORDS = ("League", "Club", "FC", "CF", "United", "City", "Group", "Corp", "Corporation", "Inc", "Ltd",
                     "Bank", "Airways", "Airlines", "University", "College", "Council", "Party", "Union",
                     "Association", "Federation", "Committee", "Agency", "Company", "Foundation", "Institute",
                     "Times", "News", "Post", "Motors", "Holdings", "Capital", "Fund", "Airport", "Hospital",
                     "Network", "Media", "Television", "Studios", "Entertainment", "Technologies", "Systems",
                     "Reserve", "Assembly", "Parliament", "Congress", "Senate", "Court", "Police", "Army", "Navy",
                     "Organization", "Organisation", "Commission", "Office", "Department", "Ministry", "Service",
                     "Journal", "Channel", "Press", "Magazine", "Daily", "Tribune", "Herald", "Nations")
# Lower-case nouns of the group or the speciality a post covers, before its holder's name ("nhà lãnh đạo phe đối
# lập Jeremy Corbyn", "người phát ngôn cảnh sát Tom Smith", "HLV thể lực Nguyễn Văn A").
GROUP_WORDS = ("phe", "nhóm", "đảng", "phong trào", "lực lượng", "cảnh sát", "quân đội", "chính quyền", "chính phủ",
               "liên minh", "tổ chức", "hãng", "tập đoàn", "công ty", "phái", "khối", "đoàn", "thể lực", "thủ môn",
               "tạm quyền", "phân tích video")
# Lower-case particles inside foreign names ("Bashar al-Assad", "Osama bin Laden", "Ursula von der Leyen").
NAME_PARTICLES = ("al", "el", "bin", "ibn", "van", "von", "der", "de", "da", "di", "du", "del", "la", "le", "dos",
                  "ben", "abu", "ter", "den")

# Head words that start an organization name.
ORG_HEADS = (
    "Bộ", "Ban", "Sở", "Cục", "Tổng cục", "Vụ", "Chi cục", "Viện", "Học viện", "Trường", "Hội", "Hiệp hội",
    "Liên đoàn", "Tổng Liên đoàn", "Ủy ban", "UBND", "HĐND", "UBMTTQ", "Hội đồng", "Thành ủy", "Tỉnh ủy",
    "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy", "Đảng bộ", "Mặt trận", "MTTQ", "Công an", "Quân khu",
    "Bộ Tư lệnh", "Bộ tư lệnh", "Bộ Chỉ huy", "Bộ CHQS", "Tòa án", "TAND", "Viện kiểm sát", "VKSND", "Văn phòng",
    "Trung tâm", "Ngân hàng", "Tập đoàn", "Tổng công ty", "Công ty", "Đài", "Thông tấn xã", "Bệnh viện",
    "Chính phủ", "Quốc hội", "Kiểm toán Nhà nước", "Thanh tra", "Kho bạc", "Bảo hiểm xã hội", "Đoàn Thanh niên",
    "Thành đoàn", "Tỉnh đoàn", "Trung ương Đoàn", "Ủy ban Kiểm tra", "Đoàn đại biểu Quốc hội",
    "Phòng", "Đại học", "Câu lạc bộ", "CLB", "Liên minh", "Tổ chức", "Quỹ", "Cảnh sát", "Bộ đội Biên phòng",
    "Hải quân", "Không quân", "Quân đội", "Cơ quan", "Nhà xuất bản", "Báo", "Thượng viện", "Hạ viện", "Nội các",
    "Đảng", "đảng", "Tòa thánh", "Tòa Giám mục", "Tòa giám mục", "Hội đồng Bộ trưởng",
)
# Heads only organizations use (not read inside titles): older and military units, missions abroad.
MORE_ORG_HEADS = ("Ty", "Lâm trường", "Nông trường", "Đội", "Đồn", "Hạm đội", "Đại sứ quán", "Tổng lãnh sự quán",
                  "Tổng Lãnh sự quán", "Lãnh sự quán", "Tổng Công ty", "Sư đoàn", "Trung đoàn", "Lữ đoàn", "Quân đoàn",
                  "Binh đoàn", "Tiểu đoàn")
# Heads written in lower case before a capitalized name ("bộ Tài chính", "trường ĐH Bách khoa", "báo Tuổi Trẻ").
LOWER_CASE_HEADS = ("bộ", "sở", "cục", "trường", "công ty", "tổng công ty", "ngân hàng", "bệnh viện", "báo",
                    "viện", "học viện", "đại học", "ủy ban", "hội", "hiệp hội", "liên đoàn", "câu lạc bộ", "đài")
# Cue words before the name of a medium or company written without a head ("hãng tin Yonhap", "tờ New York Times").
MEDIA_CUES = ("nhật báo", "tuần báo", "tờ báo", "tờ", "hãng tin", "hãng thông tấn", "kênh truyền hình", "kênh",
              "tạp chí", "hãng")
# Heads that name a complete organization on their own ("Chính phủ", "Thành ủy" still needs resolving).
SELF_CONTAINED = frozenset({"Chính phủ", "Quốc hội", "Kiểm toán Nhà nước", "Bảo hiểm xã hội", "Hội đồng Bộ trưởng"})
# Heads whose capitalized body word is already a proper name ("Báo Lao động", "Ngân hàng Nhà nước").
PROPER_AFTER_HEAD = frozenset({"Báo", "Đài", "Tập đoàn", "Tổng công ty", "Ngân hàng", "Công ty", "Nhà xuất bản", "Đảng",
                               "Đại học", "Học viện", "Cao đẳng"})
# Who runs a school, written in lower case between its type and its name ("Đại học dân lập Văn Lang").
SCHOOL_OWNERSHIP = ("dân lập", "tư thục", "công lập", "bán công")
# Committees whose next capitalized words are a place ("Tỉnh ủy Hồ Bắc", "Thành ủy Hải Phòng").
PLACE_COMMITTEES = frozenset({"Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Tỉnh đoàn", "Thành đoàn"})
# Heads too generic to stand without a capitalized or known body word after them.
NEEDS_CAPITALIZED_BODY = frozenset({"Trường", "Trung tâm", "Công ty", "Ngân hàng", "Tập đoàn", "Tổng công ty",
                                    "Bệnh viện", "Đài", "Báo", "Quỹ", "Câu lạc bộ", "CLB", "Tổ chức", "Phòng",
                                    "Cơ quan", "Hội đồng", "Liên minh", "Nhà xuất bản", "Đại học", "Viện",
                                    "Cảnh sát", "Đảng", "đảng", "Thượng viện", "Hạ viện", "Nội các", "Tòa thánh",
                                    "Văn phòng", "Vụ", "Cục", "Tổng cục", "Chi cục", *MORE_ORG_HEADS})

# Lower-case (or mixed-case) words that continue an organization or title body: fields of ministries and
# departments, party and council bodies, ranks of bodies. Matched case-insensitively.
BODY_WORDS = (
    "nhân dân", "Nhân dân", "tối cao", "cấp cao", "quân sự", "Quân sự", "thường vụ", "thường trực", "chấp hành",
    "dân vận", "tổ chức", "tuyên giáo", "nội chính", "kinh tế", "đối ngoại", "kiểm tra", "pháp chế",
    "văn hóa - xã hội", "văn hóa – xã hội", "kinh tế - ngân sách", "kinh tế – ngân sách", "dân tộc", "tôn giáo",
    "chỉ đạo", "chính trị", "Chính trị", "tài chính", "y tế", "giáo dục và đào tạo", "giáo dục - đào tạo",
    "giáo dục", "đào tạo", "nội vụ", "xây dựng", "công thương", "tư pháp", "ngoại vụ", "ngoại giao", "quốc phòng",
    "công an", "giao thông vận tải", "giao thông - vận tải", "thông tin và truyền thông", "khoa học và công nghệ",
    "khoa học - công nghệ", "văn hóa, thể thao và du lịch", "văn hóa - thể thao và du lịch", "văn hóa thể thao và du lịch",
    "văn hóa", "thể thao", "du lịch", "thể dục thể thao", "nông nghiệp và phát triển nông thôn",
    "nông nghiệp và môi trường", "nông nghiệp", "kế hoạch và đầu tư", "kế hoạch - đầu tư", "kế hoạch đầu tư",
    "lao động - thương binh và xã hội", "lao động, thương binh và xã hội", "lao động thương binh và xã hội",
    "tài nguyên và môi trường", "tài nguyên - môi trường", "tài nguyên môi trường", "thương mại", "công nghiệp",
    "thủy sản", "quy hoạch - kiến trúc", "quy hoạch kiến trúc", "dân số", "chữ thập đỏ", "liên hiệp phụ nữ",
    "phụ nữ", "nông dân", "cựu chiến binh", "thanh niên", "cộng sản", "hồ chí minh", "lao động", "nhà báo",
    "luật gia", "doanh nghiệp", "bóng đá", "nhà nước", "hành chính", "điều tra", "cảnh sát", "hình sự",
    "kinh tế - xã hội", "biên phòng", "phòng cháy chữa cháy", "quản lý thị trường", "quản lý", "thuế",
    "hải quan", "chứng khoán", "đại biểu", "dân nguyện", "pháp luật", "quản trị", "thành viên", "đại học",
    *SCHOOL_OWNERSHIP,
    "quốc gia", "quốc tế", "thế giới", "toàn quốc", "bầu cử", "khu vực", "cấp tỉnh", "cấp huyện", "cấp xã",
    "an ninh", "tình báo", "môi trường", "cổ phần", "trách nhiệm hữu hạn", "nhân đạo", "hữu nghị",
    "đoàn kết", "liên lạc", "văn học nghệ thuật", "văn nghệ", "khoa học", "kỹ thuật", "công nghệ", "sân bay",
    "mặt trận", "tổ quốc", "thanh tra", "kiểm sát", "kiểm toán", "dự trữ", "an toàn", "giao thông", "đường bộ",
    "hàng không", "hàng hải", "đường sắt", "năng lượng", "dầu khí", "điện lực", "bưu chính", "viễn thông",
    "truyền hình", "tiếng nói", "phát thanh", "bảo hiểm", "xã hội", "y tế dự phòng", "kiểm soát bệnh tật",
    "thường vụ Quốc hội", "Quốc hội", "trung ương", "Trung ương", "Đảng", "Đảng ủy", "đảng ủy",
    "nghề nghiệp", "đầu tư", "đối ngoại", "ngoại thương", "xúc tiến thương mại", "kỷ luật", "khẩn cấp", "chính pháp",
    "khí tượng thủy văn", "lâm nghiệp", "hải sản", "thủy lợi", "đê điều", "phòng chống thiên tai",
)
# Body words written in lower case even after an abbreviation ("Viện KSND tối cao", "UBND tỉnh").
ALWAYS_LOWER_BODY = frozenset({"nhân dân", "tối cao", "cấp cao", "quân sự", "thường vụ", "thường trực",
                               "chấp hành", "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "tỉnh uỷ", "thành uỷ",
                               "quốc gia"})
# Body words that are also verbs: never read as a lower-case continuation ("Bộ Y tế tổ chức hội nghị").
VERB_LIKE_BODY = frozenset({"tổ chức", "kiểm tra", "chỉ đạo", "điều tra", "quản lý", "thanh tra", "kiểm soát",
                            "đào tạo", "xây dựng", "giáo dục", "bảo hiểm", "an ninh", "đại biểu", "kiểm sát",
                            "kiểm toán", "giao thông", "thương mại", "doanh nghiệp", "bầu cử", "mặt trận",
                            "khoa học", "công nghệ", "môi trường", "an toàn", "pháp luật", "xã hội", "thế giới",
                            "quốc tế", "lao động", "thanh niên", "phụ nữ", "nông dân", "du lịch", "văn hóa",
                            "thể thao", "y tế", "tài chính", "nông nghiệp", "công an", "cảnh sát", "đảng ủy",
                            "quốc phòng", "khu vực", "toàn quốc", "hành chính", "chính trị", "dân số",
                            "thành viên", "quản trị", "nhà nước", "hàng không", "năng lượng"})
LEVEL_WORDS = ("thành phố", "Thành phố", "tỉnh", "Tỉnh", "huyện", "Huyện", "quận", "Quận", "thị xã", "Thị xã",
               "xã", "Xã", "phường", "Phường", "thị trấn", "Thị trấn", "TP.", "TP", "Tp.", "Tp")

# Lower-case words that never continue a name: function words and the verbs that follow a subject.
FUNCTION_WORDS = frozenset("""
của và cho đã là có được với tại trong này đó khi sẽ đang vừa không cũng thì mà để về từ theo nhưng hay các
những một người năm ngày tháng nói đến ra vào lên xuống trên dưới sau trước bị nên vì do nếu rằng gì nào lại
đều còn chỉ rất nhiều ít hơn nhất phải làm đi tới qua ở thuộc gồm như bằng số mới cùng nhằm tiếp vẫn chưa luôn
kể giữa bên ngoài lần thứ
""".split())
# Words whose second syllable alone is a function word: inside a name they go on ("Bộ Thống nhất", "Đảng Tự do",
# "Trung tâm Dịch vụ Việc làm", "Cục Chuyển đổi số").
FUNCTION_SYLLABLE_WORDS = frozenset(w.replace("_", " ") for w in """
thống_nhất tự_do duy_nhất hợp_nhất đồng_nhất đổi_mới việc_làm đồng_bằng công_bằng cân_bằng đổi_số thuật_số
""".split())
# First syllables of verbs that typically follow an organization as subject ("Bộ Y tế yêu cầu").
VERB_STARTS = frozenset("""
yêu cho tổ đề phát báo công khẳng nhấn tiếp thông xác quyết ban chỉ kiểm điều xử bắt khởi truy tuyên
trao tặng ký họp thăm mở đóng tăng giảm đạt nhận gửi đưa chuyển triển thực phối vừa cũng đã đang sẽ
""".split())
# Capitalized words that open a new clause when punctuation is missing ("… Hà Nội Chiều 10/3, …").
SENTENCE_STARTERS = frozenset("Sáng Chiều Trưa Tối Đêm Hôm Ngày Theo Trong Sau Khi Tại Trước Ông Bà Anh Chị "
                              "Đồng Hiện Tuy Nhưng Được Cùng Còn Ngoài Đây Đó Vì Do".split())
LEGAL_FORMS = frozenset({"TNHH", "CP", "MTV", "JSC", "Cổ", "TNHH MTV", "CTCP"})
# Functions that alone do not name a national unit ("Cục Quản lý", "Cục Cảnh sát" need more).
GENERIC_FUNCTIONS = frozenset({"quản lý", "điều tra", "kiểm tra", "thanh tra", "tổ chức", "chỉ đạo", "cảnh sát",
                               "an ninh", "kiểm soát", "hành chính", "kế hoạch", "tổng hợp", "nghiên cứu",
                               "cảnh sát điều tra", "chức năng", "chuyên môn", "chuyên trách", "liên quan"})
# Words of a company's legal form: "Công ty TNHH", "Công ty Cổ phần" name no company.
LEGAL_WORDS = frozenset("TNHH CP MTV JSC CTCP Cổ cổ phần Phần trách Trách nhiệm hữu hạn một Một thành viên".split())
SCHOOL_TYPES = ("Đại học", "Cao đẳng", "THPT", "THCS", "Tiểu học", "Trung học", "Trung học cơ sở", "Trung học phổ thông",
                "Mầm non", "Phổ thông", "Chính trị",
                "Sĩ quan", "Quốc tế", "Trung cấp", "Dân tộc nội trú", "PTTH", "ĐH", "CĐ")

# Provinces and cities (pre- and post-2025 names), with the spellings news text uses.
PROVINCES = (
    "Hà Nội", "Hồ Chí Minh", "HCM", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Thừa Thiên Huế", "Thừa Thiên - Huế",
    "An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn",
    "Bắc Ninh", "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Đắk Lắk", "Đắc Lắc", "Đăk Lăk", "Đắk Lăk", "Đắc Lắk", "Đắk Nông", "Đăk Nông", "Kontum", "Điện Biên",
    "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam",
    "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng",
    "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Tiền Giang", "Trà Vinh", "Tuyên Quang",
    "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Nha Trang", "Đà Lạt", "Vũng Tàu", "Hạ Long", "Biên Hòa",
    "Buôn Ma Thuột", "Pleiku", "Quy Nhơn", "Phan Thiết", "Thủ Đức", "Hội An", "Sài Gòn", "Vinh", "Việt Trì",
    "Mỹ Tho", "Long Xuyên", "Rạch Giá", "Cẩm Phả", "Móng Cái", "Uông Bí", "Tuy Hòa", "Tam Kỳ", "Đồng Hới",
    "Trường Sa", "Hoàng Sa", "Trường Sơn", "Phú Quốc", "Côn Đảo",
)
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
# Countries and blocs: after one of them in a title, the next capitalized words are a (foreign) name.
COUNTRIES = (
    "Việt Nam", "Mỹ", "Hoa Kỳ", "Nga", "Trung Quốc", "Nhật Bản", "Nhật", "Hàn Quốc", "Triều Tiên", "Pháp", "Đức",
    "Anh", "Italy", "Ý", "Tây Ban Nha", "Bồ Đào Nha", "Ấn Độ", "Ukraine", "Iran", "Iraq", "Israel", "Palestine",
    "Syria", "Thái Lan", "Campuchia", "Lào", "Malaysia", "Indonesia", "Philippines", "Singapore", "Myanmar",
    "Australia", "Úc", "Canada", "Brazil", "Venezuela", "Cuba", "Thổ Nhĩ Kỳ", "Ai Cập", "Pakistan", "Afghanistan",
    "Saudi Arabia", "Ả Rập Saudi", "Đài Loan", "Mexico", "Argentina", "Hà Lan", "Bỉ", "Thụy Điển", "Thụy Sĩ",
    "Na Uy", "Phần Lan", "Đan Mạch", "Ba Lan", "Séc", "Hy Lạp", "Nam Phi", "New Zealand", "Belarus", "Libya",
    "Brunei", "Timor-Leste", "Mông Cổ", "Kazakhstan", "Chile", "Peru", "Colombia", "Nigeria", "Kenya", "Qatar",
    "UAE", "Jordan", "Lebanon", "Yemen", "Áo", "Hungary", "Romania", "Serbia", "Ireland", "Scotland", "EU", "Anh Quốc",
    "Italia", "CHDCND Triều Tiên", "Bắc Triều Tiên", "Nam Triều Tiên", "Vatican", "Liên Xô", "Thụy Điển", "Thuỵ Điển",
    "Thuỵ Sĩ", "Nam Phi", "Bangladesh", "Sri Lanka", "Nepal", "Bahrain", "Kuwait", "Oman", "Ethiopia", "Sudan",
)
# Foreign provinces and capitals that look like Vietnamese names ("Hồ Bắc" is not a person).
FOREIGN_PLACES = (
    "Hồ Bắc", "Hồ Nam", "Hà Bắc", "Quảng Đông", "Quảng Tây", "Tứ Xuyên", "Vân Nam", "Sơn Đông", "Sơn Tây",
    "Giang Tô", "Giang Tây", "Chiết Giang", "Phúc Kiến", "Nội Mông", "Tân Cương", "Tây Tạng", "Bắc Kinh",
    "Thượng Hải", "Thiên Tân", "Trùng Khánh", "Hải Nam", "Cam Túc", "Thiểm Tây", "Hắc Long Giang", "Cát Lâm",
    "Liêu Ninh", "Hồng Kông", "Ma Cao", "Đài Bắc", "Bình Nhưỡng", "Quý Châu", "An Huy", "Ninh Hạ", "Thanh Hải",
    "Thái Bình Dương", "Đại Tây Dương", "Ấn Độ Dương",      # oceans: not the province Thái Bình
)

# Central organizations: canonical name -> aliases seen in news text (abbreviations, older spellings).
GAZETTEER: dict[str, tuple[str, ...]] = {
    "Ban Chấp hành Trung ương Đảng": ("Ban Chấp hành Trung ương", "BCH Trung ương", "BCH TW"),
    "Bộ Chính trị": (),
    "Ban Bí thư": ("Ban Bí thư Trung ương Đảng", "Ban Bí thư Trung ương"),
    "Đảng Cộng sản Việt Nam": ("ĐCSVN",),
    "Ban Tổ chức Trung ương": ("Ban Tổ chức TW",),
    "Ban Tuyên giáo Trung ương": ("Ban Tuyên giáo TW",),
    "Ban Dân vận Trung ương": ("Ban Dân vận TW",),
    "Ban Kinh tế Trung ương": ("Ban Kinh tế TW",),
    "Ban Đối ngoại Trung ương": ("Ban Đối ngoại TW",),
    "Ban Nội chính Trung ương": ("Ban Nội chính TW",),
    "Ủy ban Kiểm tra Trung ương": ("UBKT Trung ương", "Ủy ban Kiểm tra TW", "UBKT TW"),
    "Văn phòng Trung ương Đảng": (),
    "Mặt trận Tổ quốc Việt Nam": ("MTTQ Việt Nam", "MTTQ"),
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam": ("Ủy ban Trung ương MTTQ Việt Nam", "UBTƯ MTTQ Việt Nam",
                                                   "Ủy ban Trung ương MTTQ", "UBTW MTTQ Việt Nam"),
    "Quốc hội": (),
    "Ủy ban Thường vụ Quốc hội": ("UBTVQH", "UB Thường vụ Quốc hội"),
    "Chính phủ": (),
    "Văn phòng Chính phủ": ("VPCP",),
    "Văn phòng Quốc hội": ("VPQH",),
    "Văn phòng Chủ tịch nước": (),
    "Thanh tra Chính phủ": (),
    "Kiểm toán Nhà nước": (),
    "Ngân hàng Nhà nước Việt Nam": ("Ngân hàng Nhà nước", "NHNN"),
    "Tòa án nhân dân tối cao": ("TAND tối cao", "TANDTC"),
    "Viện kiểm sát nhân dân tối cao": ("VKSND tối cao", "VKSNDTC"),
    "Bộ Quốc phòng": (),
    "Bộ Công an": (),
    "Bộ Ngoại giao": (),
    "Bộ Nội vụ": (),
    "Bộ Tư pháp": (),
    "Bộ Tài chính": (),
    "Bộ Công Thương": ("Bộ Công thương",),
    "Bộ Xây dựng": (),
    "Bộ Y tế": (),
    "Bộ Giáo dục và Đào tạo": ("Bộ GD&ĐT", "Bộ GD-ĐT", "Bộ Giáo dục - Đào tạo"),
    "Bộ Khoa học và Công nghệ": ("Bộ KH&CN", "Bộ Khoa học - Công nghệ"),
    "Bộ Văn hóa, Thể thao và Du lịch": ("Bộ VH-TT&DL", "Bộ VHTTDL", "Bộ Văn hóa - Thể thao và Du lịch"),
    "Bộ Nông nghiệp và Môi trường": ("Bộ NN&MT",),
    "Bộ Dân tộc và Tôn giáo": (),
    "Bộ Kế hoạch và Đầu tư": ("Bộ KH&ĐT", "Bộ Kế hoạch - Đầu tư"),
    "Bộ Giao thông vận tải": ("Bộ GTVT", "Bộ Giao thông - Vận tải"),
    "Bộ Tài nguyên và Môi trường": ("Bộ TN&MT", "Bộ TN-MT", "Bộ Tài nguyên - Môi trường"),
    "Bộ Thông tin và Truyền thông": ("Bộ TT&TT", "Bộ TT-TT"),
    "Bộ Lao động - Thương binh và Xã hội": ("Bộ LĐ-TB&XH", "Bộ LĐTB&XH", "Bộ Lao động, Thương binh và Xã hội"),
    "Bộ Nông nghiệp và Phát triển nông thôn": ("Bộ NN&PTNT", "Bộ NN-PTNT"),
    "Ủy ban Dân tộc": (),
    "Tổng Liên đoàn Lao động Việt Nam": ("Tổng LĐLĐ Việt Nam", "Tổng LĐLĐVN"),
    "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh": ("Trung ương Đoàn TNCS Hồ Chí Minh", "Trung ương Đoàn"),
    "Hội Liên hiệp Phụ nữ Việt Nam": ("Hội LHPN Việt Nam",),
    "Hội Nông dân Việt Nam": (),
    "Hội Cựu chiến binh Việt Nam": (),
    "Hội Chữ thập đỏ Việt Nam": ("Hội CTĐ Việt Nam",),
    "Hội Nhà báo Việt Nam": (),
    "Liên đoàn Bóng đá Việt Nam": ("VFF", "LĐBĐ Việt Nam", "LĐBĐ VN"),
    "Thông tấn xã Việt Nam": ("TTXVN",),
    "Đài Truyền hình Việt Nam": ("VTV",),
    "Đài Tiếng nói Việt Nam": ("VOV",),
    "Liên hợp quốc": ("Liên Hợp Quốc", "Liên hiệp quốc", "LHQ"),
    "Tổ chức Y tế Thế giới": ("WHO",),
    "Ủy ban Chứng khoán Nhà nước": ("UBCKNN",),
    "Bảo hiểm xã hội Việt Nam": ("BHXH Việt Nam",),
    "Phòng Thương mại và Công nghiệp Việt Nam": ("VCCI", "Phòng Thương mại và Công nghiệp VN"),
    "Liên minh châu Âu": ("EU", "Liên minh Châu Âu"),
    "Hội đồng Bộ trưởng": (),
    # International organizations news names by their Vietnamese name or their acronym.
    "Hội đồng Bảo an Liên hợp quốc": ("Hội đồng Bảo an LHQ", "HĐBA LHQ"),
    "Tổ chức Hiệp ước Bắc Đại Tây Dương": ("NATO",),
    "Hiệp hội các quốc gia Đông Nam Á": ("ASEAN",),
    "Tổ chức Thương mại Thế giới": ("WTO",),
    "Quỹ Tiền tệ Quốc tế": ("IMF",),
    "Ngân hàng Thế giới": ("WB", "World Bank"),
    "Ngân hàng Phát triển châu Á": ("ADB", "Ngân hàng Phát triển Châu Á"),
    "Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc": ("UNESCO",),
    "Quỹ Nhi đồng Liên hợp quốc": ("UNICEF",),
    "Liên đoàn Bóng đá Thế giới": ("FIFA",),
    "Liên đoàn Bóng đá châu Á": ("AFC",),
    "Ủy ban Olympic Quốc tế": ("IOC",),
    "Tổ chức các nước xuất khẩu dầu mỏ": ("OPEC",),
    "Cục Dự trữ Liên bang Mỹ": ("Fed", "FED", "Cục Dự trữ liên bang Mỹ"),
}
# Ministries named in a list after "các bộ:" ("các bộ: Tài chính, Kế hoạch và Đầu tư").
MINISTRY_LIST_START = r"(?<!\w)(?:[Cc]ác|[Mm]ột số|[Nn]hững|[Hh]ai|[Bb]a) [Bb]ộ\s*:?\s*"

# Abbreviation -> expansion, applied word-wise when building canonical organization names.
EXPANSIONS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc", "TW": "Trung ương", "TƯ": "Trung ương", "TP": "thành phố",
    "TP.": "thành phố", "Tp": "thành phố", "Tp.": "thành phố", "TAND": "Tòa án nhân dân",
    "VKSND": "Viện kiểm sát nhân dân", "KSND": "kiểm sát nhân dân", "CHQS": "Chỉ huy Quân sự",
    "Thành phố": "thành phố", "Tỉnh": "tỉnh",
    "Nhân dân": "nhân dân", "HCM": "Hồ Chí Minh", "VN": "Việt Nam",
    # Fields of ministries and departments as news text abbreviates them ("Sở GD-ĐT", "Bộ NN&PTNT").
    "GDĐT": "Giáo dục và Đào tạo", "GD-ĐT": "Giáo dục và Đào tạo", "GD&ĐT": "Giáo dục và Đào tạo",
    "GTVT": "Giao thông vận tải", "GT-VT": "Giao thông vận tải", "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NN-PTNT": "Nông nghiệp và Phát triển nông thôn", "KH&ĐT": "Kế hoạch và Đầu tư", "KH-ĐT": "Kế hoạch và Đầu tư",
    "TN&MT": "Tài nguyên và Môi trường", "TN-MT": "Tài nguyên và Môi trường", "TNMT": "Tài nguyên và Môi trường",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội", "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "VH-TT&DL": "Văn hóa, Thể thao và Du lịch", "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "KH&CN": "Khoa học và Công nghệ", "KH-CN": "Khoa học và Công nghệ", "KHCN": "Khoa học và Công nghệ",
    "TT&TT": "Thông tin và Truyền thông", "TT-TT": "Thông tin và Truyền thông", "CSĐT": "Cảnh sát điều tra",
    "CSGT": "Cảnh sát giao thông", "PCCC": "Phòng cháy chữa cháy", "TDTT": "Thể dục Thể thao",
    "LĐLĐ": "Liên đoàn Lao động", "LHPN": "Liên hiệp Phụ nữ",
}


def phrase_pattern(phrases: Iterable[str], ignore_case: bool = False) -> re.Pattern[str]:
    """One regex matching any of ``phrases`` at a word boundary (longest first), built as a trie."""
    trie: dict = {}
    # Case-insensitive alternatives must share one trie path, or a shorter "TƯ" would shadow "tư pháp".
    for phrase in {p.lower() for p in phrases} if ignore_case else set(phrases):
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict, first: bool = False) -> str:
        ends = "" in node
        # The word-boundary check sits after the first character ("(?<!\w.)": the character before the
        # match is not a letter), so the pattern starts with plain literals and re can skip ahead by them.
        branches = [re.escape(ch) + (r"(?<!\w.)" if first else "") + build(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?:" + build(trie, first=True) + r")(?![\w&])", flags)
