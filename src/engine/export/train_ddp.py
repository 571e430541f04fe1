#!/usr/bin/env python3
"""Continues a GPT Lab run exported as a Hugging Face model folder, on one device or many.

The folder (described by src/engine/export/FOLDER.md in the GPT Lab repository) holds a GPT-2 in model.safetensors,
the run's settings in gpt_lab_run.json and its data under data/. This script rebuilds the lab's GPT-2 in plain
PyTorch and continues the run's stage -- pretraining, supervised fine-tuning (SFT) or the reward model -- with the
lab's hyperparameters, data split, batch order and metrics, and writes checkpoints as folders of the same form,
which the lab imports.

  one process:     python3 train_ddp.py --out ../continued
  one node, 8 GPUs: torchrun --standalone --nproc_per_node=8 train_ddp.py --out ../continued
  4 nodes:         torchrun --nnodes=4 --nproc_per_node=8 --rdzv_backend=c10d --rdzv_endpoint=HOST:29500 \\
                       train_ddp.py --out ../continued

NCCL on GPUs, gloo on CPUs, one process per device. Every process draws the same global batch of train.batchSize
rows (the lab's seeded mulberry32 stream) and keeps rows rank, rank + W, ... (the reward model: whole prompts);
losses are normalised by global counts and DistributedDataParallel averages the gradients, so W processes take
the step one process would. Rank 0 prints one JSON object per line, with the lab CLI's metric names.
Needs only PyTorch; transformers, when installed, is used to cross-check the folder as a Hugging Face GPT2Model.

Tested by src/engine/export/train-ddp.test.ts (engine -> folder -> PyTorch -> folder -> engine).
"""

import argparse
import ctypes
import hashlib
import json
import math
import os
import shutil
import struct
import sys
import time

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

RUN_FORMAT = 1
DATA_KINDS = {"pretrain": "text", "sft": "sft-jsonl", "reward": "ranked-jsonl"}
TRAIN_KEYS = ("batchSize", "steps", "lr", "minLrRatio", "warmupSteps", "weightDecay", "beta1", "beta2", "eps",
              "gradClip", "evalEvery", "evalBatches", "seed")
EOT = "<|endoftext|>"
MAX_RANKED = 64  # most responses per prompt (the lab's ranking kernel)
REWARD_STATS_RESPONSES = 1024  # the lab's reward normalisation reads this many training responses
DEFAULT_VAL_FRACTION = 0.1  # share of SFT / ranked records held out, as in the lab
# Written afresh into each checkpoint; everything else in the folder is copied.
WRITTEN = ("model.safetensors", "optimizer.safetensors", "gpt_lab_run.json", "train_ddp.py")
U32 = 0xFFFFFFFF
# What JavaScript's String.prototype.trim removes (Python's str.strip differs on U+FEFF, U+001C-U+001F, U+0085).
JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"


class RunError(Exception):
    """A problem with the folder, its data or the flags, reported as one line."""


# ---------------------------------------------------------------- safetensors, by hand (no extra package)

def js_number(x):
    """A number as JavaScript writes it: the shortest digits that round-trip (Python's repr finds the same ones), laid
    out by JavaScript's rules (plain from 1e-6 up to 1e21, an exponent like 1e-7 outside)."""
    if isinstance(x, int):
        return str(x)
    if not math.isfinite(x):
        return "null"
    if x == 0:
        return "0"
    mantissa, _, exp = repr(abs(x)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    n = len(whole) - len(whole + frac) + len(digits) + int(exp or 0)  # |x| = 0.DIGITS x 10^n
    digits, sign = digits.rstrip("0"), "-" if x < 0 else ""
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + f"e{'+' if n > 0 else '-'}{abs(n - 1)}"


def js_json(value, indent=None, depth=0):
    """JSON exactly as JavaScript's JSON.stringify(value, null, indent) writes it (the lab's files)."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        items, open_, close = [f"{js_json(str(k))}:{' ' if indent else ''}{js_json(v, indent, depth + 1)}" for k, v in value.items()], "{", "}"
    else:
        items, open_, close = [js_json(v, indent, depth + 1) for v in value], "[", "]"
    if not items:
        return open_ + close
    if not indent:
        return open_ + ",".join(items) + close
    inner, outer = "\n" + " " * (indent * (depth + 1)), "\n" + " " * (indent * depth)
    return open_ + inner + ("," + inner).join(items) + outer + close


def tensor_bytes(t):
    """Raw little-endian float32 bytes of a tensor (no numpy needed)."""
    t = t.detach().to("cpu", torch.float32).contiguous()
    return ctypes.string_at(t.data_ptr(), t.numel() * 4)


def read_safetensors(path):
    """(header bytes incl. its length, header dict in file order, {name: float32 tensor}) of a safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise RunError(f"{path}: truncated ({len(raw)} bytes), not a safetensors file")
    (n,) = struct.unpack_from("<Q", raw, 0)
    if n > len(raw) - 8:
        raise RunError(f"{path}: header length {n} exceeds the file, not a safetensors file")
    try:
        header = json.loads(raw[8:8 + n].decode("utf-8"))
    except ValueError as e:
        raise RunError(f"{path}: bad header JSON ({e})") from None
    data = bytearray(raw[8 + n:])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry.get("dtype") != "F32":
            raise RunError(f"{path}: tensor {name} has dtype {entry.get('dtype')!r}; only F32 is supported")
        shape, (begin, end) = entry["shape"], entry["data_offsets"]
        count = math.prod(shape)
        if end - begin != 4 * count or end > len(data):
            raise RunError(f"{path}: tensor {name} of shape {shape} has data_offsets [{begin}, {end}] that do not fit")
        flat = torch.frombuffer(data, dtype=torch.float32, count=count, offset=begin) if count else torch.zeros(0)
        tensors[name] = flat.clone().reshape(shape)
    return raw[:8 + n], header, tensors


def pack_header(header):
    """The u64 length and the JSON header, padded with spaces to a multiple of 8 bytes as the lab pads it."""
    head = js_json(header).encode("utf-8")
    head += b" " * (-len(head) % 8)
    return struct.pack("<Q", len(head)) + head


def safetensors_bytes(entries, metadata):
    """A safetensors file of (name, tensor) entries in the given order, laid out as the lab's writeSafetensors."""
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in entries:
        data = tensor_bytes(t)
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    return pack_header(header) + b"".join(chunks)


def rewritten_safetensors(header_bytes, header, tensors, metadata=None):
    """The file read as (header_bytes, header) with new tensor values: same names, order and offsets; the header
    bytes are kept as they were unless `metadata` replaces the `__metadata__` map."""
    if metadata is not None and metadata != header.get("__metadata__"):
        header_bytes = pack_header({"__metadata__": metadata, **{k: v for k, v in header.items() if k != "__metadata__"}})
    names = sorted((k for k in header if k != "__metadata__"), key=lambda k: header[k]["data_offsets"][0])
    return header_bytes + b"".join(tensor_bytes(tensors[k]) for k in names)


# ---------------------------------------------------------------- the lab's seeded randomness, bit for bit

class Mulberry32:
    """src/engine/rng.ts: mulberry32 on unsigned 32-bit integers, as JavaScript computes it."""

    def __init__(self, seed):
        self.state = (int(seed) & U32) ^ 0x9E3779B9

    def next_u32(self):
        self.state = (self.state + 0x6D2B79F5) & U32
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & U32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & U32)) & U32
        return (t ^ (t >> 14)) & U32

    def below(self, n):
        """Uniform integer in [0, n): Rng.int."""
        return math.floor(self.next_u32() / 4294967296 * n)


class ExampleOrder:
    """src/engine/stages/example-order.ts: seeded shuffled epochs (Fisher-Yates), every example once per epoch."""

    def __init__(self, count, seed):
        self.count, self.rng, self.order, self.at = count, Mulberry32(seed), [], 0

    def next(self):
        if self.at == len(self.order):
            order = list(range(self.count))
            for i in range(self.count - 1, 0, -1):
                j = self.rng.below(i + 1)
                order[i], order[j] = order[j], order[i]
            self.order, self.at = order, 0
        self.at += 1
        return self.order[self.at - 1]


# ---------------------------------------------------------------- tokenizer and data, as the lab reads them

class CharTokenizer:
    """The lab's character tokenizer from the checkpoint's metadata: one id per code point, then special tokens."""

    def __init__(self, metadata_json):
        tok = json.loads(metadata_json)
        if not isinstance(tok, dict) or tok.get("type") != "char" or not isinstance(tok.get("vocab"), list):
            raise RunError('model.safetensors: __metadata__.tokenizer must be {"type":"char","vocab":[...]}')
        self.specials = list(tok.get("special") or [])
        self.vocab = list(tok["vocab"]) + self.specials
        self.ids = {ch: i for i, ch in enumerate(tok["vocab"])}

    def special_id(self, name):
        if name not in self.specials:
            raise RunError(f"the model's vocabulary has no {name} token")
        return len(self.ids) + self.specials.index(name)

    def encode(self, text, where):
        try:
            return [self.ids[ch] for ch in text]
        except KeyError:
            unknown = sorted({ch for ch in text if ch not in self.ids})
            raise RunError(f"{where}: {len(unknown)} character(s) not in the model's vocabulary: "
                           + ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in unknown[:12])) from None


def utf16_encoding(raw):
    """src/engine/data/corpus.ts: a byte-order mark, or mostly-NUL odd (LE) or even (BE) bytes."""
    if raw[:2] == b"\xff\xfe":
        return "utf-16-le"
    if raw[:2] == b"\xfe\xff":
        return "utf-16-be"
    if len(raw) < 4 or len(raw) % 2:
        return None
    n = min(len(raw), 1 << 16)
    even, odd, pairs = raw[0:n:2].count(0), raw[1:n:2].count(0), n / 2
    if odd >= 0.9 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.9 * pairs and odd == 0:
        return "utf-16-be"
    return None


def decode_corpus(raw, name):
    """Text as the lab decodes a corpus: UTF-8 (or detected UTF-16), one leading byte-order mark dropped."""
    encoding = utf16_encoding(raw) or "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as e:
        raise RunError(f"{name}: not valid {encoding} text ({e.reason})") from None
    return text[1:] if text.startswith("\ufeff") else text


def jsonl_objects(text, source):
    """src/engine/data/jsonl.ts: one JSON object per non-blank line, each with its 'file:line: ' prefix."""
    if text.startswith("\ufeff"):
        text = text[1:]
    for i, line in enumerate(text.split("\n")):
        at = f"{source}:{i + 1}: "
        line = line[:-1] if line.endswith("\r") else line
        if line.strip(JS_WHITESPACE) == "":
            continue
        try:
            value = json.loads(line)
        except ValueError as e:
            raise RunError(f"{at}not valid JSON ({e})") from None
        if not isinstance(value, dict):
            raise RunError(f"{at}expected a JSON object, got {type(value).__name__}")
        yield value, at


def string_field(obj, key, at, nonblank):
    if key not in obj:
        raise RunError(f'{at}missing field "{key}"')
    value = obj[key]
    if not isinstance(value, str):
        raise RunError(f'{at}field "{key}" must be a string')
    if nonblank and value.strip(JS_WHITESPACE) == "":
        raise RunError(f"{at}empty {key}")
    return value


def parse_sft(text, source):
    return [(string_field(o, "prompt", at, True), string_field(o, "completion", at, True))
            for o, at in jsonl_objects(text, source)]


def parse_ranked(text, source):
    """(prompt, [best, ..., worst]) records: {"prompt","ranked"} or TRL's pairwise {"prompt","chosen","rejected"}."""
    records = []
    for o, at in jsonl_objects(text, source):
        prompt = string_field(o, "prompt", at, True)
        if "chosen" in o or "rejected" in o:
            if "ranked" in o:
                raise RunError(f'{at}has both "ranked" and "chosen"/"rejected"')
            records.append((prompt, [string_field(o, "chosen", at, False), string_field(o, "rejected", at, False)]))
            continue
        ranked = o.get("ranked")
        if not isinstance(ranked, list) or len(ranked) < 2 or not all(isinstance(r, str) for r in ranked):
            raise RunError(f'{at}field "ranked" must be an array of at least 2 strings (best first)')
        records.append((prompt, ranked))
    return records


def encode_with_end(tok, prompt, response, max_tokens, where):
    """prompt + response + end of text as ids, and the prompt's length (src/engine/stages/stage-data.ts)."""
    p, r = tok.encode(prompt, where), tok.encode(response, where)
    n = len(p) + len(r) + 1
    if n > max_tokens:
        raise RunError(f"{where} is {n} tokens (prompt {len(p)} + response {len(r)} + end of text), more than the "
                       f"{max_tokens} the model's context allows")
    return p + r + [tok.special_id(EOT)], len(p)


def split_held_out(items, fraction, what):
    """The last `fraction` of the records (at least one, and one left to train on) are held out."""
    if len(items) < 2:
        raise RunError(f"{what}: needs at least 2 records (one to train on, one held out), got {len(items)}")
    n_val = min(len(items) - 1, max(1, math.floor(len(items) * fraction + 0.5)))  # Math.round
    return items[:len(items) - n_val], items[len(items) - n_val:]


# ---------------------------------------------------------------- the lab's GPT-2, with Hugging Face names

class Conv1D(nn.Module):
    """Hugging Face GPT-2's Conv1D: a linear layer whose weight is stored (in, out)."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(n_in, n_out))
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return x @ self.weight + self.bias


class Attention(nn.Module):
    def __init__(self, C, NH):
        super().__init__()
        self.NH = NH
        self.c_attn, self.c_proj = Conv1D(C, 3 * C), Conv1D(C, C)

    def forward(self, x):  # (B, T, C) -> (B, T, C)
        B, T, C = x.shape
        HS = C // self.NH
        q, k, v = (t.view(B, T, self.NH, HS).transpose(1, 2) for t in self.c_attn(x).split(C, dim=2))  # (B, NH, T, HS)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(HS))  # (B, NH, T, T)
        causal = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()  # no buffer: DDP has none to broadcast
        att = att.masked_fill(~causal, float("-inf")).softmax(dim=-1)
        return self.c_proj((att @ v).transpose(1, 2).reshape(B, T, C))


class MLP(nn.Module):
    def __init__(self, C):
        super().__init__()
        self.c_fc, self.c_proj = Conv1D(C, 4 * C), Conv1D(4 * C, C)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))  # gelu_new


class Block(nn.Module):
    def __init__(self, C, NH):
        super().__init__()
        self.ln_1, self.attn = nn.LayerNorm(C, eps=1e-5), Attention(C, NH)
        self.ln_2, self.mlp = nn.LayerNorm(C, eps=1e-5), MLP(C)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Trunk(nn.Module):
    def __init__(self, V, C, NH, L, T):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(T, C)
        self.h = nn.ModuleList(Block(C, NH) for _ in range(L))
        self.ln_f = nn.LayerNorm(C, eps=1e-5)

    def forward(self, idx):  # (B, T) -> final LayerNorm output (B, T, C)
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1], device=idx.device))
        for block in self.h:
            x = block(x)
        return self.ln_f(x)


class GPT(nn.Module):
    """GPT2LMHeadModel (LM head tied to wte) or, with `reward`, GPT2ForSequenceClassification's score (1, C)."""

    def __init__(self, cfg, reward):
        super().__init__()
        self.transformer = Trunk(cfg["vocab_size"], cfg["n_embd"], cfg["n_head"], cfg["n_layer"], cfg["n_positions"])
        self.score = nn.Linear(cfg["n_embd"], 1, bias=False) if reward else None

    def forward(self, idx, last=None):
        """LM: logits (B, T, V). Reward model: the score at position last[b] of each row, (B,)."""
        h = self.transformer(idx)
        if self.score is None:
            return h @ self.transformer.wte.weight.T
        return self.score(h[torch.arange(idx.shape[0], device=idx.device), last])[:, 0]


# ---------------------------------------------------------------- processes

class Processes:
    """This process's place in the job (torchrun's environment) and sums across all processes."""

    def __init__(self, device):
        self.active = "WORLD_SIZE" in os.environ
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        if device == "cuda":
            if not torch.cuda.is_available():
                raise RunError("--device cuda: PyTorch sees no CUDA device")
            self.device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
            torch.cuda.set_device(self.device)
        else:
            self.device = torch.device("cpu")
        self.backend = "nccl" if self.device.type == "cuda" else "gloo"
        if self.active:
            dist.init_process_group(backend=self.backend)

    def sum(self, values):
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        if self.active:
            dist.all_reduce(t)
        return t.tolist()

    def mine(self, n):
        """Indices of the n global rows (or groups) this process takes: rank, rank + W, ..."""
        return list(range(self.rank, n, self.world))


def ids_tensor(rows, procs):
    return torch.tensor(rows, dtype=torch.long, device=procs.device)


# ---------------------------------------------------------------- the stages

class LanguageModelStage:
    """What pretraining and SFT share: a batch is (inputs, targets, weights) of B rows with float32 weights such that
    Σ weights·cross-entropy is the batch's loss (the engine's setBatch weights, normalised over the global batch),
    so a process's share of the loss is the same sum over its own rows."""

    def dump(self, batch):
        return {"inputs": batch[0], "targets": batch[1], "weights": batch[2].tolist()}

    def weighted_loss(self, model, batch, rows, procs):
        """Σ weights·cross-entropy over `rows` (a zero that still runs the model when this process has none)."""
        if not rows:
            return 0.0 * model(ids_tensor([[0]], procs)).sum()
        logits = model(ids_tensor([batch[0][r] for r in rows], procs))
        targets = ids_tensor([batch[1][r] for r in rows], procs)
        losses = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
        return (losses * batch[2][rows].reshape(-1).to(procs.device)).sum()

    def loss(self, model, batch, procs):
        return self.weighted_loss(model, batch, procs.mine(self.B), procs), []

    def step_metrics(self, extra_sums):
        return {}

    def metadata(self, model, procs, metadata):
        return metadata


class Pretrain(LanguageModelStage):
    """src/engine/train/trainer.ts: random windows of the first 90 % of the tokens; validation = evalBatches batches
    of the last 10 % drawn with seed + 1 (the same windows at every evaluation)."""

    def __init__(self, text, source, tok, T, train, batch_size):
        tokens = tok.encode(text, source)
        n_train = (len(tokens) * 9) // 10
        self.train_tokens, self.val_tokens = tokens[:n_train], tokens[n_train:]
        for split, part in (("training", self.train_tokens), ("validation", self.val_tokens)):
            if len(part) < T + 1:
                raise RunError(f"{source}: the {split} split has {len(part)} tokens, fewer than context + 1 = {T + 1}")
        self.T, self.B, self.train = T, batch_size, train
        self.rng = Mulberry32(train["seed"])

    def describe(self):
        return {"trainTokens": len(self.train_tokens), "valTokens": len(self.val_tokens)}

    def skip(self, steps, run_batch):
        for _ in range(steps * run_batch):
            self.rng.below(len(self.train_tokens) - self.T)

    def windows(self, tokens, rng):
        """BatchSampler.next: B windows at uniform offsets; every target weighs 1/(B·T) (the mean)."""
        starts = [rng.below(len(tokens) - self.T) for _ in range(self.B)]
        return ([tokens[s:s + self.T] for s in starts], [tokens[s + 1:s + self.T + 1] for s in starts],
                torch.full((self.B, self.T), 1 / (self.B * self.T), dtype=torch.float32))

    def next_batch(self):
        return self.windows(self.train_tokens, self.rng)

    @torch.no_grad()
    def evaluate(self, model, procs):
        rng, total = Mulberry32(self.train["seed"] + 1), 0.0
        for _ in range(self.train["evalBatches"]):
            total += float(self.weighted_loss(model, self.windows(self.val_tokens, rng), procs.mine(self.B), procs))
        return {"valLoss": procs.sum([total])[0] / self.train["evalBatches"]}


def sft_rows(examples, B, T, lam, completion_total=None):
    """src/engine/stages/sft-batch.ts: (inputs, targets, float32 weights) of B rows; Σ weights·losses is
    L2 + λ·L1 (L2 the mean over completion targets, L1 over all real targets); rows past the examples are padding."""
    inputs, targets = [[0] * T for _ in range(B)], [[0] * T for _ in range(B)]
    completion, real = [[0] * T for _ in range(B)], [[0] * T for _ in range(B)]
    n_completion = n_real = 0
    for b, (ids, prompt_len) in enumerate(examples):
        n = len(ids)
        inputs[b][:n - 1], targets[b][:n - 1] = ids[:n - 1], ids[1:]
        for t in range(n - 1):
            real[b][t] = 1
            n_real += 1
            if t + 1 >= prompt_len:
                completion[b][t] = 1
                n_completion += 1
    l2 = 1 / (completion_total if completion_total is not None else n_completion)
    l1 = lam / n_real if n_real > 0 else 0
    weights = torch.tensor([[c * l2 + r * l1 for c, r in zip(cs, rs)] for cs, rs in zip(completion, real)],
                           dtype=torch.float64).to(torch.float32)
    return inputs, targets, weights


class Sft(LanguageModelStage):
    """src/engine/stages/sft.ts: prompt + completion + end of text per row, prompt masked, L3 = L2 + λ·L1; examples
    in seeded shuffled epochs; held out: the last records, scored by their mean completion loss."""

    def __init__(self, text, source, tok, T, train, batch_size, settings):
        lam = settings.get("lambda", 0)
        if not isinstance(lam, (int, float)) or not lam >= 0:
            raise RunError(f"gpt_lab_run.json: stageSettings.lambda must be a number >= 0 (got {lam!r})")
        examples = [encode_with_end(tok, p, c, T + 1, f"{source}: record {i + 1}") for i, (p, c) in enumerate(parse_sft(text, source))]
        self.train_examples, self.val_examples = split_held_out(examples, settings.get("valFraction", DEFAULT_VAL_FRACTION), source)
        self.T, self.B, self.lam = T, batch_size, float(lam)
        self.order = ExampleOrder(len(self.train_examples), train["seed"])

    def describe(self):
        return {"trainExamples": len(self.train_examples), "valExamples": len(self.val_examples), "lambda": self.lam}

    def skip(self, steps, run_batch):
        for _ in range(steps * run_batch):
            self.order.next()

    def next_batch(self):
        return sft_rows([self.train_examples[self.order.next()] for _ in range(self.B)], self.B, self.T, self.lam)

    @torch.no_grad()
    def evaluate(self, model, procs):
        completion_total = sum(len(ids) - prompt_len for ids, prompt_len in self.val_examples)
        total = 0.0
        for i in range(0, len(self.val_examples), self.B):
            chunk = self.val_examples[i:i + self.B]
            total += float(self.weighted_loss(model, sft_rows(chunk, self.B, self.T, 0, completion_total), procs.mine(len(chunk)), procs))
        return {"valCompletionLoss": procs.sum([total])[0]}


def pairs(K):
    return [(i, j) for i in range(K) for j in range(i + 1, K)]


class Reward:
    """src/engine/stages/reward.ts: groups of K responses (best first) packed whole into batches of B sequences,
    the score read at each sequence's end-of-text token, loss −1/C(K,2)·Σ log σ(r_w − r_l) averaged over the
    batch's prompts. Under DDP each process takes whole prompts (groups rank, rank + W, ...)."""

    def __init__(self, text, source, tok, T, train, batch_size, settings):
        limit = min(batch_size, MAX_RANKED)
        groups = []
        for i, (prompt, ranked) in enumerate(parse_ranked(text, source)):
            where = f"{source}: record {i + 1}"
            if len(ranked) > limit:
                raise RunError(f"{where} ranks {len(ranked)} responses, more than the {limit} a batch of {batch_size} sequences holds")
            groups.append([encode_with_end(tok, prompt, y, T, f"{where}, response {k + 1}")[0] for k, y in enumerate(ranked)])
        self.train_groups, self.val_groups = split_held_out(groups, settings.get("valFraction", DEFAULT_VAL_FRACTION), source)
        self.T, self.B = T, batch_size
        self.order, self.pending = ExampleOrder(len(self.train_groups), train["seed"]), []

    def describe(self):
        return {"trainPrompts": len(self.train_groups), "valPrompts": len(self.val_groups)}

    def skip(self, steps, run_batch):
        for _ in range(steps):
            self.next_batch()

    def next_batch(self):
        """takeGroups: groups in order until the next would not fit in B sequences (it waits for the next batch)."""
        out, used = [], 0
        while True:
            g = self.pending[0] if self.pending else self.train_groups[self.order.next()]
            if used + len(g) > self.B:
                if not self.pending:
                    self.pending.append(g)
                return out
            if self.pending:
                self.pending.pop(0)
            out.append(g)
            used += len(g)

    def dump(self, batch):
        return {"groups": batch}

    def scores(self, model, seqs, procs):
        """The score of each sequence (padded to T with id 0 as the lab pads; causal attention ignores it)."""
        inputs = ids_tensor([s + [0] * (self.T - len(s)) for s in seqs], procs)
        return model(inputs, ids_tensor([len(s) - 1 for s in seqs], procs))

    def loss(self, model, batch, procs):
        mine = [batch[g] for g in procs.mine(len(batch))]
        if not mine:
            zero = 0.0 * self.scores(model, [[0]], procs).sum()
            return zero, [0.0, 0.0]
        s = self.scores(model, [seq for g in mine for seq in g], procs)
        loss, accuracy, margin, at = 0.0, 0.0, 0.0, 0
        for g in mine:
            better, worse = zip(*pairs(len(g)))
            d = s[at + torch.tensor(better, device=procs.device)] - s[at + torch.tensor(worse, device=procs.device)]
            loss = loss - F.logsigmoid(d).mean()
            accuracy += float((d > 0).float().mean())
            margin += float(d.mean())
            at += len(g)
        return loss / len(batch), [accuracy / len(batch), margin / len(batch)]

    def step_metrics(self, extra_sums):
        return {"accuracy": extra_sums[0], "margin": extra_sums[1]}

    @torch.no_grad()
    def score_groups(self, model, groups, procs):
        """Every response's score, groups split over the processes and summed back together."""
        starts = [0]
        for g in groups:
            starts.append(starts[-1] + len(g))
        flat, mine = [0.0] * starts[-1], procs.mine(len(groups))
        while mine:
            chunk = [mine.pop(0)]  # whole groups, at most B sequences a forward pass (or one larger group)
            while mine and sum(len(groups[g]) for g in chunk) + len(groups[mine[0]]) <= self.B:
                chunk.append(mine.pop(0))
            values = self.scores(model, [seq for g in chunk for seq in groups[g]], procs).tolist()
            for g in chunk:
                n = len(groups[g])
                flat[starts[g]:starts[g] + n], values = values[:n], values[n:]
        flat = procs.sum(flat) if flat else flat
        return [flat[starts[g]:starts[g + 1]] for g in range(len(groups))]

    def evaluate(self, model, procs):
        """rankingLossRef over the held-out prompts (float64), every pair's gap, the reward's mean and std."""
        scores = self.score_groups(model, self.val_groups, procs)
        loss = accuracy = margin = 0.0
        gaps = 0
        for s in scores:
            P = len(s) * (len(s) - 1) / 2
            for i, j in pairs(len(s)):
                d = s[i] - s[j]
                loss += (max(-d, 0) + math.log1p(math.exp(-abs(d)))) / P / len(scores)
                accuracy += (1 if d > 0 else 0) / P / len(scores)
                margin += d / P / len(scores)
                gaps += 1
        mean, std = mean_std([x for s in scores for x in s])
        return {"valAccuracy": accuracy, "valMargin": margin, "valLoss": loss, "valPairs": gaps, "rewardMean": mean, "rewardStd": std}

    def metadata(self, model, procs, metadata):
        """The reward's mean and std over the first training responses, as the lab saves them with each checkpoint."""
        groups, n = [], 0
        for g in self.train_groups:
            if n >= REWARD_STATS_RESPONSES:
                break
            groups.append(g)
            n += len(g)
        mean, std = mean_std([x for s in self.score_groups(model, groups, procs) for x in s])
        return {**metadata, "reward_stats": js_json({"mean": mean, "std": std})}


def mean_std(xs):
    mean = sum(xs) / max(1, len(xs))
    return mean, math.sqrt(sum((x - mean) ** 2 for x in xs) / max(1, len(xs)))


# ---------------------------------------------------------------- the run

def learning_rate(step, t):
    """src/engine/train/schedule.ts: linear warmup to lr, then cosine decay to lr·minLrRatio at train.steps."""
    min_lr = t["lr"] * t["minLrRatio"]
    if step < t["warmupSteps"]:
        return t["lr"] * (step + 1) / (t["warmupSteps"] + 1)
    progress = min(1, (step - t["warmupSteps"]) / max(1, t["steps"] - t["warmupSteps"]))
    return min_lr + 0.5 * (1 + math.cos(math.pi * progress)) * (t["lr"] - min_lr)


def read_run(folder):
    path = os.path.join(folder, "gpt_lab_run.json")
    try:
        with open(path, "rb") as f:
            raw = f.read()
        run = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise RunError(f"{folder} has no gpt_lab_run.json: is it a folder exported by GPT Lab?") from None
    except ValueError as e:
        raise RunError(f"{path}: not valid JSON ({e})") from None
    if run.get("format") != RUN_FORMAT:
        raise RunError(f"{path}: format {run.get('format')!r} is not {RUN_FORMAT}, the one this script reads")
    if run.get("stage") not in DATA_KINDS:
        raise RunError(f"{path}: stage {run.get('stage')!r} cannot be continued here (pretrain, sft or reward)")
    if not isinstance(run.get("step"), int) or run["step"] < 0:
        raise RunError(f"{path}: step must be a non-negative integer")
    train = run.get("train") or {}
    missing = [k for k in TRAIN_KEYS if not isinstance(train.get(k), (int, float))]
    if missing:
        raise RunError(f"{path}: train lacks {', '.join(missing)}")
    data = run.get("data") or {}
    if data.get("kind") != DATA_KINDS[run["stage"]] or not isinstance(data.get("file"), str):
        raise RunError(f'{path}: a {run["stage"]} run needs data {{"kind": "{DATA_KINDS[run["stage"]]}", "file": ...}}')
    return raw, run


def load_stage(folder, run, tok, T, batch_size):
    data_path = os.path.join(folder, run["data"]["file"])
    try:
        with open(data_path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise RunError(f"the run's data {run['data']['file']} is not in {folder}") from None
    source = run["data"]["file"]
    settings = run.get("stageSettings") or {}
    if run["stage"] == "pretrain":
        return Pretrain(decode_corpus(raw, source), source, tok, T, run["train"], batch_size)
    text = raw.decode("utf-8", errors="replace")
    return (Sft if run["stage"] == "sft" else Reward)(text, source, tok, T, run["train"], batch_size, settings)


def load_model(folder, stage_name, procs):
    header_bytes, header, tensors = read_safetensors(os.path.join(folder, "model.safetensors"))
    metadata = header.get("__metadata__") or {}
    cfg = json.loads(metadata.get("config", "{}"))
    for key in ("n_layer", "n_head", "n_embd", "n_positions", "vocab_size"):
        if not isinstance(cfg.get(key), int) or cfg[key] < 1:
            raise RunError(f"model.safetensors: __metadata__.config lacks a positive integer {key}")
    architecture = (cfg.get("architectures") or ["GPT2LMHeadModel"])[0]
    want = "GPT2ForSequenceClassification" if stage_name == "reward" else "GPT2LMHeadModel"
    if architecture != want or cfg.get("gpt_lab_task") or cfg.get("num_labels", 1) != 1:
        raise RunError(f"model.safetensors is a {architecture} ({cfg.get('gpt_lab_task') or 'no task'}); a {stage_name} run needs a {want}")
    tok = CharTokenizer(metadata.get("tokenizer", "null"))
    if len(tok.vocab) != cfg["vocab_size"]:
        raise RunError(f"model.safetensors: the tokenizer has {len(tok.vocab)} tokens but vocab_size is {cfg['vocab_size']}")
    model = GPT(cfg, reward=stage_name == "reward")
    names = dict(model.named_parameters())
    extra = sorted(set(tensors) - set(names))
    if extra:
        raise RunError(f"model.safetensors has tensors a {want} does not: {', '.join(extra[:5])}")
    with torch.no_grad():
        for name, p in names.items():
            if name not in tensors:
                raise RunError(f"model.safetensors lacks {name}")
            if tuple(tensors[name].shape) != tuple(p.shape):
                raise RunError(f"model.safetensors: {name} has shape {list(tensors[name].shape)}, expected {list(p.shape)}")
            p.copy_(tensors[name])
    return model.to(procs.device), cfg, tok, (header_bytes, header, metadata)


def make_optimizer(model, train, folder):
    """torch.optim.AdamW as the lab runs it: decay on 2-D weights only, moments from optimizer.safetensors."""
    params = dict(model.named_parameters())
    groups = [{"params": [p for p in params.values() if p.dim() == 2], "weight_decay": train["weightDecay"]},
              {"params": [p for p in params.values() if p.dim() != 2], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=train["lr"], betas=(train["beta1"], train["beta2"]), eps=train["eps"])
    path = os.path.join(folder, "optimizer.safetensors")
    if not os.path.exists(path):
        return opt, None
    header_bytes, header, moments = read_safetensors(path)
    try:
        step = int((header.get("__metadata__") or {})["step"])
    except (KeyError, ValueError):
        raise RunError('optimizer.safetensors: __metadata__ needs {"step": "<optimizer steps taken>"}') from None
    for name, p in params.items():
        for key in ("exp_avg", "exp_avg_sq"):
            m = moments.get(f"{name}.{key}")
            if m is None or tuple(m.shape) != tuple(p.shape):
                raise RunError(f"optimizer.safetensors lacks {name}.{key} of shape {list(p.shape)}")
        opt.state[p] = {"step": torch.tensor(float(step)), "exp_avg": moments[f"{name}.exp_avg"].to(p.device),
                        "exp_avg_sq": moments[f"{name}.exp_avg_sq"].to(p.device)}
    return opt, [k for k in header if k != "__metadata__"]


def optimizer_bytes(model, opt, order):
    params = dict(model.named_parameters())
    entries, step = {}, 0
    for name, p in params.items():
        state = opt.state.get(p) or {}
        step = int(state["step"]) if "step" in state else step
        entries[f"{name}.exp_avg"] = state.get("exp_avg", torch.zeros_like(p))
        entries[f"{name}.exp_avg_sq"] = state.get("exp_avg_sq", torch.zeros_like(p))
    order = order or list(entries)
    return safetensors_bytes([(k, entries[k]) for k in order], {"step": str(step)})


def weights_digest(model):
    h = hashlib.sha256()
    for _, p in model.named_parameters():
        h.update(tensor_bytes(p))
    return h.digest()


def check_ranks(model, procs):
    """All-gathers every process's weight checksum; fails loudly unless all are the same."""
    digest = weights_digest(model)
    mine = torch.tensor(struct.unpack("<4q", digest), dtype=torch.int64, device=procs.device)
    every = [torch.zeros_like(mine) for _ in range(procs.world)]
    if procs.active:
        dist.all_gather(every, mine)
    else:
        every = [mine]
    sums = [struct.pack("<4q", *t.tolist()).hex()[:16] for t in every]
    if len(set(sums)) != 1:
        raise RunError("--check-ranks: the processes ended with different weights: " + ", ".join(f"rank {r} {s}" for r, s in enumerate(sums)))
    return {"event": "check-ranks", "ranks": procs.world, "identical": True, "checksum": sums[0]}


def hf_cross_check(folder, model, ids):
    """With transformers installed: the folder loaded as a Hugging Face GPT2Model gives our trunk's output."""
    try:
        import transformers
    except ImportError:
        return None
    try:
        hf = transformers.GPT2Model.from_pretrained(folder).to(ids.device).eval()
        with torch.no_grad():
            diff = (hf(input_ids=ids).last_hidden_state - model.transformer(ids)).abs().max().item()
        return {"event": "hf-check", "transformers": transformers.__version__, "maxAbsDiff": diff}
    except Exception as e:  # a cross-check only: never stops the run
        return {"event": "hf-check", "error": f"{type(e).__name__}: {e}"}


def write_folder(out, folder, files):
    """Writes a checkpoint folder: the input folder's other files copied, `files` (name -> bytes) written; the
    new folder replaces `out` only once complete."""
    tmp, old = f"{out}.tmp-{os.getpid()}", f"{out}.old-{os.getpid()}"
    skip = {os.path.realpath(p) for p in (out, tmp, old)}
    shutil.rmtree(tmp, ignore_errors=True)

    def ignore(src, names):
        return [n for n in names if n == "__pycache__" or os.path.realpath(os.path.join(src, n)) in skip
                or (os.path.realpath(src) == os.path.realpath(folder) and n in WRITTEN)]

    shutil.copytree(folder, tmp, ignore=ignore)
    for name, data in files.items():
        with open(os.path.join(tmp, name), "wb") as f:
            f.write(data)
    if os.path.exists(out):
        os.rename(out, old)
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def emit(record):
    clean = {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in record.items()}
    print(json.dumps(clean, ensure_ascii=False), flush=True)


def parse_args(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description="Continue an exported GPT Lab run under torchrun (see README.md).")
    p.add_argument("--folder", default=here, help="the exported run folder (default: this script's folder)")
    p.add_argument("--out", required=True, help="checkpoint folder to write (same form as the input)")
    p.add_argument("--steps", type=int, help="optimizer steps to take (default: up to train.steps)")
    p.add_argument("--save-every", type=int, help="write --out every N steps (default: train.evalEvery) and at the end")
    p.add_argument("--device", choices=("cpu", "cuda"), help="default: cuda when available")
    p.add_argument("--batch-size", type=int, help="global batch (rows per step over all processes); default train.batchSize")
    p.add_argument("--log-every", type=int, default=10, help="print the training loss every N steps (default 10)")
    p.add_argument("--dump-first-batch", metavar="FILE", help="write the first global batch taken as JSON (for tests)")
    p.add_argument("--check-ranks", action="store_true", help="fail unless all processes end with identical weights")
    a = p.parse_args(argv)
    for flag in ("steps", "save_every", "batch_size", "log_every"):
        value = getattr(a, flag)
        if value is not None and value < (1 if flag in ("batch_size", "log_every") else 0):
            raise RunError(f"--{flag.replace('_', '-')} must be {'positive' if flag in ('batch_size', 'log_every') else '>= 0'} (got {value})")
    if os.path.realpath(a.out) == os.path.realpath(a.folder):
        raise RunError("--out must be a new folder, not the one being continued")
    if os.path.isdir(a.out) and os.listdir(a.out) and not os.path.exists(os.path.join(a.out, "gpt_lab_run.json")):
        raise RunError(f"--out {a.out} is a non-empty folder that is not a GPT Lab run; choose another")
    return a


def main(argv):
    args = parse_args(argv)
    folder = args.folder
    with open(os.path.abspath(__file__), "rb") as f:
        own_source = f.read()
    run_raw, run = read_run(folder)
    train, stage_name, start = dict(run["train"]), run["stage"], run["step"]
    procs = Processes(args.device)
    model, cfg, tok, (header_bytes, header, metadata) = load_model(folder, stage_name, procs)
    batch_size = args.batch_size or train["batchSize"]
    stage = load_stage(folder, run, tok, cfg["n_positions"], batch_size)
    stage.skip(start, train["batchSize"])  # the batches the run already took
    opt, optimizer_order = make_optimizer(model, train, folder)
    end = start + (args.steps if args.steps is not None else max(0, train["steps"] - start))
    save_every = args.save_every if args.save_every is not None else train["evalEvery"]
    ddp = DistributedDataParallel(model, device_ids=[procs.device] if procs.device.type == "cuda" else None) if procs.active else model
    lead = procs.rank == 0
    T = cfg["n_positions"]

    if lead:
        emit({"event": "start", "stage": stage_name, "folder": folder, "device": str(procs.device), "backend": procs.backend if procs.active else None,
              "processes": procs.world, "params": sum(p.numel() for p in model.parameters()), "vocab": cfg["vocab_size"],
              "batch": batch_size, "fromStep": start, "toStep": end, "steps": train["steps"], "lr": train["lr"], "seed": train["seed"], **stage.describe()})

    def save(step):
        meta = stage.metadata(model, procs, metadata) if step > start else metadata
        if not lead:
            return
        new_run = {**run, "step": step, "train": {**train, "batchSize": batch_size}}
        files = {
            "model.safetensors": rewritten_safetensors(header_bytes, header, dict(model.named_parameters()), meta),
            "gpt_lab_run.json": run_raw if new_run == run else (js_json(new_run, indent=2) + "\n").encode("utf-8"),
            "train_ddp.py": own_source,
        }
        if optimizer_order is not None or step > start:
            files["optimizer.safetensors"] = optimizer_bytes(model, opt, optimizer_order)
        write_folder(args.out, folder, files)
        emit({"event": "saved", "step": step, "folder": args.out})

    if lead:
        check = hf_cross_check(folder, model, ids_tensor([[i % cfg["vocab_size"] for i in range(T)]], procs))
        if check:
            emit(check)
    model.eval()  # no dropout anywhere; eval() only says so
    figures = stage.evaluate(model, procs)
    if lead:
        emit({"step": start, **figures})
    started, tokens = time.perf_counter(), 0
    for s in range(start + 1, end + 1):
        step_started = time.perf_counter()
        batch = stage.next_batch()
        if lead and args.dump_first_batch and s == start + 1:
            with open(args.dump_first_batch, "w", encoding="utf-8") as f:
                json.dump(stage.dump(batch), f)
        lr = learning_rate(s - 1, train)
        for g in opt.param_groups:
            g["lr"] = lr
        opt.zero_grad(set_to_none=True)
        share, extras = stage.loss(ddp, batch, procs)
        (share * procs.world).backward()  # DDP averages over the W processes: the sum of the shares' gradients
        params = [p for p in model.parameters() if p.grad is not None]
        if train["gradClip"] > 0:
            grad_norm = float(torch.nn.utils.clip_grad_norm_(params, train["gradClip"]))
        else:
            grad_norm = float(torch.norm(torch.stack([p.grad.norm() for p in params])))
        sums = procs.sum([float(share), *extras])
        if not (math.isfinite(sums[0]) and math.isfinite(grad_norm)):
            raise RunError(f"training stopped: the loss became {sums[0] if not math.isfinite(sums[0]) else grad_norm} at step {s}; "
                           "lower the learning rate or enable gradient clipping (the last saved checkpoint is kept)")
        opt.step()
        step_ms = (time.perf_counter() - step_started) * 1000
        tokens += batch_size * T
        if lead and (s % args.log_every == 0 or s == start + 1 or s == end):
            emit({"step": s, "loss": sums[0], "gradNorm": grad_norm, "lr": lr, **stage.step_metrics(sums[1:]),
                  "tokensPerSec": round(batch_size * T * 1000 / step_ms) if step_ms > 0 else 0, "stepMs": step_ms})
        if (train["evalEvery"] > 0 and s % train["evalEvery"] == 0) or s == end:
            figures = stage.evaluate(model, procs)
            if lead:
                emit({"step": s, **figures})
        if s != end and save_every > 0 and s % save_every == 0:
            save(s)
    if args.check_ranks:
        report = check_ranks(model, procs)
        if lead:
            emit(report)
    save(end)
    seconds = time.perf_counter() - started
    if lead:
        emit({"event": "done", "stage": stage_name, "steps": end, "seconds": seconds,
              "tokensPerSec": round(tokens / seconds) if seconds > 0 and tokens else 0, "checkpoint": args.out})
    if procs.active:
        # DDP's reducer goes first, while the group it talks through is alive (freed after it, gloo may hang at exit).
        del ddp
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except RunError as e:
        rank = os.environ.get("RANK")
        print(f"train_ddp.py{f' (rank {rank})' if rank else ''}: {e}", file=sys.stderr)
        sys.exit(1)
