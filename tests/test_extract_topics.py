"""Topics: mixed raw labels onto one taxonomy; the shipped classifier for articles without a usable label."""

from __future__ import annotations

import numpy as np
import pytest

from index import Article

from ingest.extract import enrich
from ingest.extract.topic_train import fit
from ingest.extract.topics import MODEL_PATH, TOPICS, TopicModel, features, shipped_model, topic_for_label


@pytest.mark.parametrize("label, topic", [
    ("The thao", "Thể thao"), ("sport", "Thể thao"), ("the-thao", "Thể thao"), ("bong-da", "Thể thao"),
    ("Thể thao", "Thể thao"), ("Chinh tri Xa hoi", "Chính trị – Xã hội"), ("Vi tinh", "Khoa học – Công nghệ"),
    ("entertainment", "Văn hóa – Giải trí"), ("business", "Kinh tế"), ("Sức khỏe", "Sức khỏe"),
])
def test_raw_labels_map_onto_the_taxonomy(label: str, topic: str) -> None:
    assert topic_for_label(label) == topic and topic in TOPICS


@pytest.mark.parametrize("label", ["trang-chu", "Ý kiến", "tin-tuc-trong-ngay", "", None])
def test_labels_that_name_no_subject_are_not_used(label: str | None) -> None:
    assert topic_for_label(label) is None


def test_the_shipped_model_loads_without_pickle_and_covers_the_taxonomy() -> None:
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        assert tuple(data["topics"].tolist()) == TOPICS
    model = shipped_model()
    assert model.coef.shape == (len(TOPICS), len(model.vocabulary)) == (len(TOPICS), model.idf.size)


def test_unlabelled_articles_are_classified() -> None:
    football = Article(id="t-fb", title="Đội tuyển thắng đậm ở vòng loại World Cup",
                       body="Tiền đạo ghi hai bàn, thủ môn cản phá phạt đền, huấn luyện viên khen các cầu thủ "
                            "sau trận đấu trên sân vận động Mỹ Đình trước hàng vạn cổ động viên.")
    health = Article(id="t-hl", title="Bác sĩ cảnh báo bệnh sốt xuất huyết",
                     body="Bệnh viện tiếp nhận nhiều bệnh nhân sốt cao, bác sĩ khuyên người dân diệt muỗi, "
                          "uống đủ nước và đến cơ sở y tế khi có triệu chứng xuất huyết.")
    assert enrich(football).topics == ("Thể thao",)
    assert enrich(health).topics == ("Sức khỏe",)


def test_a_usable_source_label_wins_over_the_classifier() -> None:
    article = Article(id="t-lbl", body="Tiền đạo ghi hai bàn trong trận đấu tối qua.", category="business")
    assert enrich(article).topics == ("Kinh tế",)


def test_training_separates_two_invented_topics(tmp_path) -> None:
    sport = "cầu thủ ghi bàn trận đấu sân cỏ huấn luyện viên"
    economy = "lãi suất ngân hàng cổ phiếu doanh nghiệp lợi nhuận"
    docs = [features(None, f"{sport} {i}") for i in range(6)] + [features(None, f"{economy} {i}") for i in range(6)]
    model = fit(docs, ["Thể thao"] * 6 + ["Kinh tế"] * 6)
    model.save(tmp_path / "m.npz")
    again = TopicModel.load(tmp_path / "m.npz")
    assert again.predict(None, "huấn luyện viên khen cầu thủ ghi bàn") == "Thể thao"
    assert again.predict(None, "ngân hàng giảm lãi suất cho doanh nghiệp") == "Kinh tế"
    assert again.predict(None, "xyz qwv") is None
