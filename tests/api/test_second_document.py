"""A second report dropped into the documents folder is indexed and cited by its own title."""

import hashlib
import json
import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.embedding.encoder import Encoder
from app.indexing.builder import build_index
from app.main import create_app

SMALL_REPORT = (
    "2023年,全县地区生产总值完成88.8亿元,增长6.1%。新建乡村图书馆37座。\n"
    "建设美丽家园 提升群众生活\n"
    "2024年是关键之年。今年力争新建乡村图书馆45座以上,建成口袋书屋9处。\n"
)


def test_second_document_is_indexed_and_cited_by_its_title(settings: Settings, encoder: Encoder,
                                                          tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(settings.docs_dir, docs)
    (docs / "example-county-2024.txt").write_text(SMALL_REPORT, encoding="utf-8")
    meta = {"id": "example-county-2024", "title": "2024年示例县政府工作报告", "city": "示例县", "year": 2024,
            "text_file": "example-county-2024.txt",
            "sha256": hashlib.sha256(SMALL_REPORT.encode()).hexdigest()}
    (docs / "example-county-2024.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    index_dir = tmp_path / "index"
    manifest = build_index(docs, index_dir, encoder, settings.model_id)
    assert manifest["counts"]["documents"] == 2

    local = settings.model_copy(update={"docs_dir": docs, "index_dir": index_dir})
    with TestClient(create_app(local)) as client:
        body = client.post("/api/ask", json={"question": "今年计划新建多少座乡村图书馆？"}).json()
        assert body["answerable"] is True
        assert "45座以上" in body["answer"]
        citation = body["citations"][0]
        assert citation["title"] == "2024年示例县政府工作报告"
        assert citation["doc_id"] == "example-county-2024"
        assert SMALL_REPORT[citation["start"] : citation["end"]] == citation["quote"]
        gdp = client.post("/api/ask", json={"question": "通辽2023年GDP是多少？"}).json()
        assert "1609亿元" in gdp["answer"]
        assert gdp["citations"][0]["title"] == "2024年通辽市政府工作报告"
