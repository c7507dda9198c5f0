"""Vietnamese-first UI strings, the language choice (cookie) and Vietnamese date/number formats."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from flask import g, request
from markupsafe import Markup

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
COOKIE = "lang"
# Vietnam has kept UTC+7 without daylight saving since 1975; dates are shown in local time.
VN_TZ = timezone(timedelta(hours=7))

_VI_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# key -> (Vietnamese, English). Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    "site.name": ("Lưu trữ báo chí Việt Nam", "Vietnamese News Archive"),
    "site.tagline": ("Tìm trong kho bài báo tiếng Việt — gõ có dấu hoặc không dấu.",
                     "Search the archive of Vietnamese news — type with or without diacritics."),
    "nav.skip": ("Chuyển đến nội dung chính", "Skip to main content"),
    "nav.search": ("Tìm kiếm", "Search"),
    "nav.advanced": ("Tìm kiếm nâng cao", "Advanced search"),
    "nav.attention": ("Biểu đồ theo thời gian", "Attention over time"),
    "nav.api": ("API", "API"),
    "nav.admin": ("Quản trị", "Admin"),
    "nav.language": ("Ngôn ngữ", "Language"),
    "search.label": ("Từ khoá", "Search terms"),
    "search.button": ("Tìm", "Search"),
    "search.placeholder": ("ví dụ: chu thap do hoặc \"Hà Nội\"", "e.g. chu thap do or \"Hà Nội\""),
    "search.help.title": ("Cú pháp tìm kiếm", "Search syntax"),
    "search.help.words": ("<code>lũ lụt miền Trung</code> — bài có đủ các từ (gõ không dấu cũng được)",
                          "<code>lũ lụt miền Trung</code> — articles with all the words (diacritics optional)"),
    "search.help.phrase": ("<code>\"Hà Nội\"</code> — đúng cụm từ", "<code>\"Hà Nội\"</code> — exact phrase"),
    "search.help.exclude": ("<code>-bóng</code>, <code>-\"bóng đá\"</code> — loại trừ", "<code>-bóng</code>, <code>-\"bóng đá\"</code> — exclude"),
    "search.help.or": ("<code>bão OR lũ</code>, <code>( … )</code> — một trong các từ, nhóm",
                       "<code>bão OR lũ</code>, <code>( … )</code> — either word, grouping"),
    "search.help.prefix": ("<code>kinh*</code> — tiền tố (ít nhất 2 ký tự)", "<code>kinh*</code> — prefix (at least 2 characters)"),
    "search.help.fields": ("<code>title:</code> <code>body:</code> <code>source:</code> <code>official:</code> <code>organization:</code> <code>topic:</code> <code>author:</code> <code>place:</code> — tìm trong một trường; <code>place:&quot;Hải Phòng (gồm Hải Dương cũ)&quot;</code> gồm cả các tỉnh cũ đã nhập vào",
                           "<code>title:</code> <code>body:</code> <code>source:</code> <code>official:</code> <code>organization:</code> <code>topic:</code> <code>author:</code> <code>place:</code> — search one field; <code>place:&quot;Hải Phòng (gồm Hải Dương cũ)&quot;</code> adds the former provinces merged into it"),
    "search.help.dates": ("<code>date:2020</code>, <code>date:2020-03</code>, <code>date:2020-01-01..2020-06-30</code>, <code>date:none</code> — theo ngày",
                          "<code>date:2020</code>, <code>date:2020-03</code>, <code>date:2020-01-01..2020-06-30</code>, <code>date:none</code> — by date"),
    "results.heading": ("Kết quả", "Results"),
    "results.summary": ("{total} bài · {seconds} giây", "{total} articles · {seconds} s"),
    "results.stories": ("{stories} câu chuyện từ {articles} bài viết (mỗi câu chuyện một kết quả, các trang tính theo câu chuyện)",
                        "{stories} stories from {articles} articles (one result per story; pages count stories)"),
    "results.copies": ("Xem {count} bản đăng lại", "See {count} reprints"),
    "results.all_copies": ("Hiện mọi bản đăng lại", "Show every reprint"),
    "results.range": ("Hiển thị {first}–{last}", "Showing {first}–{last}"),
    "results.browse": ("Toàn bộ kho: {total} bài", "Whole archive: {total} articles"),
    "results.none": ("Không tìm thấy bài nào.", "No articles found."),
    "results.suggest": ("Thử nới điều kiện:", "Try loosening the search:"),
    "results.suggest.remove": ("Bỏ bộ lọc {label}", "Remove filter {label}"),
    "results.suggest.all_filters": ("Bỏ mọi bộ lọc", "Remove all filters"),
    "results.suggest.any": ("Chỉ cần một trong các từ: {q}", "Any of the words: {q}"),
    "results.suggest.unquoted": ("Bỏ dấu ngoặc kép: {q}", "Without quotes: {q}"),
    "results.suggest.count": ("({count} bài)", "({count} articles)"),
    "results.suggest.syntax": ("Kiểm tra chính tả, hoặc gõ không dấu để tìm mọi cách viết.",
                               "Check the spelling, or type without diacritics to match every spelling."),
    "results.untitled": ("(không có tiêu đề)", "(untitled)"),
    "results.warning": ("Lưu ý", "Note"),
    "sort.label": ("Sắp xếp", "Sort"),
    "sort.relevance": ("Phù hợp nhất", "Relevance"),
    "sort.newest": ("Mới nhất", "Newest"),
    "sort.oldest": ("Cũ nhất", "Oldest"),
    "page.nav": ("Phân trang", "Pagination"),
    "page.prev": ("‹ Trang trước", "‹ Previous"),
    "page.next": ("Trang sau ›", "Next ›"),
    "page.current": ("Trang {page}", "Page {page}"),
    "export.heading": ("Tải về và theo dõi", "Download and follow"),
    "export.csv": ("CSV", "CSV"),
    "export.jsonl": ("JSON Lines", "JSON Lines"),
    "export.atom": ("Nguồn tin Atom", "Atom feed"),
    "export.json": ("JSON (API)", "JSON (API)"),
    "export.cap": ("tối đa {cap} bài mỗi lần tải", "at most {cap} articles per download"),
    "chips.heading": ("Bộ lọc đang dùng", "Active filters"),
    "chips.remove": ("Bỏ bộ lọc", "Remove filter"),
    "chips.clear": ("Bỏ tất cả", "Clear all"),
    "chips.not": ("không", "not"),
    "facets.heading": ("Thu hẹp kết quả", "Refine results"),
    "facets.count_articles": ("Số đếm là số bài viết, kể cả các bản đăng lại.", "Counts are articles, reprints included."),
    "facet.story": ("Một câu chuyện", "One story"),
    "facet.source": ("Nguồn", "Source"),
    "facet.topic": ("Chủ đề", "Topic"),
    "facet.official": ("Quan chức", "Official"),
    "facet.organization": ("Tổ chức", "Organization"),
    "facet.place": ("Địa phương", "Place"),
    "facet.place.wide": ("cả tỉnh, thành cũ đã nhập vào", "with the former units merged into it"),
    "facet.year": ("Năm", "Year"),
    "facet.month": ("Tháng", "Month"),
    "facet.from": ("Từ ngày", "From"),
    "facet.to": ("Đến ngày", "To"),
    "facet.undated": ("Không rõ ngày", "No date"),
    "facet.none": ("Không rõ ngày", "No date"),
    "facet.date": ("Thời gian", "Date"),
    "facet.apply": ("Áp dụng", "Apply"),
    "facet.more": ("Xem thêm", "Show more"),
    "facet.less": ("Thu gọn", "Show fewer"),
    "facet.filter": ("Lọc danh sách {facet}", "Filter the {facet} list"),
    "facet.filter.button": ("Lọc", "Filter"),
    "facet.filter.none": ("Không có giá trị khớp.", "No matching values."),
    "facet.selected": ("đã chọn", "selected"),
    "facet.excluded": ("đã loại trừ", "excluded"),
    "facet.exclude": ("Loại trừ", "Exclude"),
    "facet.empty": ("Không có", "None"),
    "article.source": ("Nguồn", "Source"),
    "article.published": ("Ngày đăng", "Published"),
    "article.how.source": ("theo nguồn", "from the source"),
    "article.how.text": ("lấy từ nội dung bài", "read from the text"),
    "article.how.inferred": ("ước đoán", "inferred"),
    "article.evidence": ("căn cứ", "evidence"),
    "article.authors": ("Tác giả", "Authors"),
    "article.category": ("Chuyên mục gốc", "Source category"),
    "article.topics": ("Chủ đề", "Topics"),
    "article.officials": ("Quan chức được nhắc đến", "Officials mentioned"),
    "article.organizations": ("Tổ chức được nhắc đến", "Organizations mentioned"),
    "article.places": ("Địa phương được nhắc đến", "Places mentioned"),
    "article.tags": ("Thẻ", "Tags"),
    "article.original": ("Bài gốc", "Original article"),
    "article.permalink": ("Đường dẫn cố định", "Permalink"),
    "article.cite": ("Trích dẫn", "Cite"),
    "article.related": ("Bài liên quan", "Related articles"),
    "article.related.officials": ("Cùng nhắc đến quan chức", "Shared officials"),
    "article.related.organizations": ("Cùng nhắc đến tổ chức", "Shared organizations"),
    "article.related.places": ("Cùng địa phương", "Shared places"),
    "article.related.words": ("Từ chung", "Shared words"),
    "article.same_story": ("Cùng câu chuyện: {count} bản đăng khác", "Same story: {count} other copies"),
    "article.same_story.search": ("Xem mọi bản trong kết quả tìm kiếm", "See every copy as search results"),
    "article.story_head": ("bản sớm nhất", "earliest copy"),
    "article.no_source": ("không rõ nguồn", "source unknown"),
    "article.duplicate": ("Nội dung trùng với bài {id}", "Same text as article {id}"),
    "article.text": ("Nội dung", "Text"),
    "article.back": ("‹ Quay lại kết quả", "‹ Back to results"),
    "article.entity_page": ("trang", "page"),
    "article.search_for": ("Tìm các bài có {value}", "Search articles with {value}"),
    "article.undated": ("Không rõ ngày", "Date unknown"),
    "gone.title": ("Bài đã bị gỡ khỏi kho", "Article withdrawn from the archive"),
    "gone.reason": ("Lý do", "Reason"),
    "gone.when": ("Thời điểm gỡ", "Withdrawn"),
    "entity.official": ("Quan chức", "Official"),
    "entity.organization": ("Tổ chức", "Organization"),
    "entity.mentions": ("Số bài nhắc đến", "Articles mentioning"),
    "entity.titles": ("Chức danh đã giữ", "Titles held"),
    "entity.title_dates": ("Bài nêu chức danh", "Articles giving the title"),
    "entity.title_span": ("từ {first} đến {last}", "from {first} to {last}"),
    "entity.title_undated": ("chỉ trong bài không rõ ngày", "only in undated articles"),
    "entity.undated_article": ("bài không rõ ngày", "undated article"),
    "entity.aliases": ("Cách viết khác", "Also written"),
    "entity.json": ("Dữ liệu JSON", "JSON data"),
    "entity.over_time": ("Số bài theo thời gian", "Mentions over time"),
    "entity.co_officials": ("Quan chức thường được nhắc cùng", "Officials mentioned alongside"),
    "entity.co_organizations": ("Tổ chức thường được nhắc cùng", "Organizations mentioned alongside"),
    "entity.search": ("Xem mọi bài nhắc đến {name}", "See every article mentioning {name}"),
    "entity.none": ("Không có bài nào nhắc đến tên này.", "No article mentions this name."),
    "attention.heading": ("Mức độ quan tâm theo thời gian", "Attention over time"),
    "attention.intro": ("Số bài khớp với mỗi truy vấn theo từng kỳ, và tỉ lệ trên tổng số bài của kỳ đó. Nhập nhiều truy vấn, cách nhau bằng dấu phẩy, để so sánh.",
                        "Matching articles per period for each query, and their share of all articles in that period. Separate several queries with commas to compare them."),
    "attention.queries": ("Truy vấn (cách nhau bằng dấu phẩy)", "Queries (comma-separated)"),
    "attention.interval": ("Chia theo", "Per"),
    "attention.month": ("tháng", "month"),
    "attention.year": ("năm", "year"),
    "attention.measure": ("Hiển thị", "Show"),
    "attention.count": ("số bài", "article count"),
    "attention.share": ("tỉ lệ (%)", "share (%)"),
    "attention.draw": ("Vẽ biểu đồ", "Draw chart"),
    "attention.csv": ("Tải số liệu (CSV)", "Download the series (CSV)"),
    "attention.table": ("Bảng số liệu", "Data table"),
    "attention.period": ("Kỳ", "Period"),
    "attention.total": ("Tổng số bài trong kỳ", "All articles in period"),
    "attention.chart_label": ("Biểu đồ {measure} theo {interval}", "Chart of {measure} per {interval}"),
    "attention.empty": ("Không có bài có ngày đăng khớp với truy vấn.", "No dated articles match."),
    "attention.all": ("(toàn bộ kho)", "(whole archive)"),
    "attention.undated_note": ("Bài không rõ ngày không có trên biểu đồ.", "Undated articles are not charted."),
    "advanced.heading": ("Tìm kiếm nâng cao", "Advanced search"),
    "advanced.intro": ("Biểu mẫu này viết truy vấn bằng cú pháp tìm kiếm; bạn có thể sửa tiếp trong ô tìm kiếm.",
                       "This form writes the query in the search syntax; you can keep editing it in the search box."),
    "advanced.all": ("Có tất cả các từ", "All of these words"),
    "advanced.any": ("Có ít nhất một trong các từ", "Any of these words"),
    "advanced.phrase": ("Có đúng cụm từ", "This exact phrase"),
    "advanced.none": ("Không có các từ", "None of these words"),
    "advanced.field": ("Tìm trong", "Search in"),
    "advanced.field.all": ("Toàn bài", "Whole article"),
    "advanced.field.title": ("Tiêu đề", "Title"),
    "advanced.field.body": ("Nội dung", "Body"),
    "advanced.date_from": ("Từ ngày", "From date"),
    "advanced.date_to": ("Đến ngày", "To date"),
    "advanced.source": ("Nguồn", "Source"),
    "advanced.official": ("Quan chức", "Official"),
    "advanced.organization": ("Tổ chức", "Organization"),
    "advanced.place": ("Địa phương", "Place"),
    "advanced.topic": ("Chủ đề", "Topic"),
    "advanced.submit": ("Tìm", "Search"),
    "advanced.empty": ("Hãy điền ít nhất một ô.", "Fill in at least one field."),
    "advanced.date_order": ("Ngày bắt đầu phải trước ngày kết thúc.", "The start date must come before the end date."),
    "error.title": ("Có lỗi", "Error"),
    "error.400": ("Yêu cầu không hợp lệ", "Bad request"),
    "error.404": ("Không tìm thấy trang", "Page not found"),
    "error.405": ("Phương thức không được phép", "Method not allowed"),
    "error.413": ("Tệp quá lớn", "File too large"),
    "error.429": ("Quá nhiều yêu cầu", "Too many requests"),
    "error.500": ("Lỗi máy chủ", "Server error"),
    "error.home": ("Về trang tìm kiếm", "Back to search"),
    "admin.login": ("Đăng nhập quản trị", "Admin login"),
    "admin.username": ("Tên đăng nhập", "Username"),
    "admin.password": ("Mật khẩu", "Password"),
    "admin.submit": ("Đăng nhập", "Log in"),
    "admin.logout": ("Đăng xuất", "Log out"),
    "admin.bad_login": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
    "admin.throttled": ("Đăng nhập sai quá nhiều lần; hãy thử lại sau 15 phút.",
                        "Too many failed logins; try again in 15 minutes."),
    "admin.disabled": ("Chưa cấu hình mật khẩu quản trị (ARCHIVE_ADMIN_PASSWORD_HASH).",
                       "No admin password is configured (ARCHIVE_ADMIN_PASSWORD_HASH)."),
    "admin.heading": ("Quản trị kho lưu trữ", "Archive administration"),
    "admin.stats": ("{count} bài đang hiển thị · thế hệ chỉ mục {generation}", "{count} live articles · index generation {generation}"),
    "admin.upload": ("Nạp một tệp bài báo", "Ingest a batch file"),
    "admin.upload.file": ("Tệp (JSON Lines, CSV, HTML, WARC, văn bản; có thể nén gzip)", "File (JSON Lines, CSV, HTML, WARC, text; gzip allowed)"),
    "admin.upload.dry_run": ("Chạy thử (không ghi vào chỉ mục)", "Dry run (write nothing)"),
    "admin.upload.submit": ("Nạp", "Ingest"),
    "admin.report": ("Báo cáo nạp dữ liệu", "Ingest report"),
    "admin.report.exit": ("Mã kết thúc {code}", "Exit code {code}"),
    "admin.withdraw": ("Gỡ một bài", "Withdraw an article"),
    "admin.withdraw.id": ("Mã bài", "Article id"),
    "admin.withdraw.reason": ("Lý do (hiển thị công khai)", "Reason (shown publicly)"),
    "admin.withdraw.submit": ("Gỡ bài", "Withdraw"),
    "admin.withdrawn": ("Đã gỡ bài {id}.", "Withdrew article {id}."),
    "admin.restore": ("Khôi phục", "Restore"),
    "admin.restored": ("Đã khôi phục bài {id}.", "Restored article {id}."),
    "admin.unknown_id": ("Không có bài {id}.", "No article {id}."),
    "admin.tombstones": ("Các bài đã gỡ", "Withdrawn articles"),
    "admin.tombstones.none": ("Chưa có bài nào bị gỡ.", "No article has been withdrawn."),
    "admin.ingest_failed": ("Không nhập được lô này, chỉ mục giữ nguyên: {error}",
                            "The batch could not be ingested; the index is unchanged: {error}"),
    "admin.busy": ("Chỉ mục đang được ghi bởi tiến trình khác; hãy thử lại sau.", "Another process is writing the index; try again later."),
    "admin.ingest_missing": ("Không dùng được chức năng nạp dữ liệu: {error}", "Ingest is unavailable: {error}"),
    "form.required": ("Bắt buộc.", "Required."),
    "form.csrf": ("Phiên làm việc đã hết hạn; hãy gửi lại biểu mẫu.", "The form expired; please submit it again."),
    "footer.about": ("Kho lưu trữ phục vụ tra cứu; bản quyền bài viết thuộc các cơ quan báo chí.",
                     "A research archive; copyright in the articles stays with the publishers."),
    "footer.openapi": ("Mô tả API (OpenAPI)", "API description (OpenAPI)"),
    "watch.open": ("Theo dõi tìm kiếm này", "Watch this search"),
    "watch.open.note": ("Nhận thư khi có bài mới khớp, không cần tài khoản.",
                        "Get an e-mail when new articles match; no account needed."),
    "watch.heading": ("Theo dõi tìm kiếm này qua thư điện tử", "Watch this search by e-mail"),
    "watch.search": ("Tìm kiếm được lưu", "Saved search"),
    "watch.results": ("Xem kết quả", "See the results"),
    "watch.feed": ("Nguồn tin Atom của tìm kiếm này", "This search's Atom feed"),
    "watch.email": ("Địa chỉ thư điện tử", "E-mail address"),
    "watch.submit": ("Gửi thư xác nhận", "Send the confirmation mail"),
    "watch.how": ("Chúng tôi gửi một thư xác nhận; chỉ sau khi bạn bấm liên kết trong thư, bản tin mới được gửi (mỗi lần nạp bài mới, một thư gồm các bài mới khớp). Mỗi thư có liên kết huỷ theo dõi.",
                  "We send a confirmation mail; digests start only once you follow its link (one mail per ingest batch with the new matches). Every mail has an unsubscribe link."),
    "watch.disabled": ("Chức năng gửi thư chưa được cấu hình trên máy chủ này, nên không thể đăng ký theo dõi. Bạn vẫn có thể dùng nguồn tin Atom.",
                       "E-mail alerts are not configured on this server, so no subscription can be made. The Atom feed still works."),
    "watch.bad_email": ("Địa chỉ thư điện tử không hợp lệ.", "Not a valid e-mail address."),
    "watch.too_many": ("Địa chỉ này đã theo dõi tối đa {limit} tìm kiếm; hãy huỷ bớt trước.",
                       "This address already watches the maximum of {limit} searches; unsubscribe from some first."),
    "watch.rate_limited": ("Đã gửi quá nhiều thư xác nhận; hãy thử lại sau.",
                           "Too many confirmation mails were sent; please try again later."),
    "watch.send_failed": ("Không gửi được thư xác nhận; hãy thử lại sau.",
                          "The confirmation mail could not be sent; please try again later."),
    "watch.sent": ("Đã gửi thư xác nhận tới {address}. Hãy bấm liên kết trong thư (có hiệu lực {hours} giờ).",
                   "A confirmation mail was sent to {address}. Follow its link (valid for {hours} hours)."),
    "watch.confirmed": ("Đã xác nhận: bạn sẽ nhận thư khi có bài mới khớp với tìm kiếm này.",
                        "Confirmed: you will get a mail when new articles match this search."),
    "watch.unsubscribe": ("Huỷ theo dõi", "Unsubscribe"),
    "watch.unsubscribed": ("Đã huỷ theo dõi; sẽ không có thư nào nữa.", "Unsubscribed; no more mail will be sent."),
    "watch.invalid": ("Liên kết không hợp lệ hoặc đã hết hạn.", "This link is invalid or has expired."),
}


def current_lang() -> str:
    """The request's UI language: the `lang` cookie when valid, else Vietnamese."""
    lang = getattr(g, "lang", None)
    if lang is None:
        lang = request.cookies.get(COOKIE)
        lang = lang if lang in LANGS else DEFAULT_LANG
        g.lang = lang
    return lang


def gettext(key: str, **values: object) -> str:
    """The UI string for key in the current language, with {placeholders} filled in."""
    text = MESSAGES[key][LANGS.index(current_lang())]
    return text.format(**values) if values else text


def format_number(value: int | float, digits: int = 0) -> str:
    """1234567 -> '1.234.567' (vi) or '1,234,567' (en); decimal comma in Vietnamese."""
    text = f"{value:,.{digits}f}"
    if current_lang() == "vi":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def local(moment: datetime | date) -> datetime | date:
    """An aware datetime in Vietnam time (dates pass through)."""
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        return moment.astimezone(VN_TZ)
    return moment


def format_date(moment: datetime | date | None, long: bool = False) -> str:
    """29/11/2026 (vi) or 29 Nov 2026 (en); `long` adds the weekday and a non-midnight time."""
    if moment is None:
        return ""
    moment = local(moment)
    vi = current_lang() == "vi"
    text = f"{moment.day:02d}/{moment.month:02d}/{moment.year}" if vi else \
        f"{moment.day} {_EN_MONTHS[moment.month - 1]} {moment.year}"
    if not long:
        return text
    weekday = (_VI_WEEKDAYS if vi else _EN_WEEKDAYS)[moment.weekday()]
    text = f"{weekday}, {text}"
    if isinstance(moment, datetime) and (moment.hour, moment.minute) != (0, 0):
        text += f", {moment.hour:02d}:{moment.minute:02d} (GMT+7)"
    return text


def format_period(period: str) -> str:
    """'2020-03' -> 'T3/2020' (vi) or 'Mar 2020' (en); years and 'none' as shown in facets."""
    if period == "none":
        return gettext("facet.none")
    if len(period) == 7:
        year, month = period[:4], int(period[5:])
        return f"T{month}/{year}" if current_lang() == "vi" else f"{_EN_MONTHS[month - 1]} {year}"
    return period


def gettext_html(key: str) -> Markup:
    """A UI string that is trusted markup (syntax help with <code>); never holds user input."""
    return Markup(MESSAGES[key][LANGS.index(current_lang())])


def has_message(key: str) -> bool:
    """True when the catalogue has key."""
    return key in MESSAGES
