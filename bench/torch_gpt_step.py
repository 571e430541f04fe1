"""Times one GPT training step (forward, backward, AdamW) in PyTorch on CUDA, for a side-by-side ratio with
`npm run bench` on the same GPU. Same architecture as the engine (GPT-2: pre-LayerNorm, learned positions,
tanh GELU, tied LM head) and the same preset sizes. Prints one JSON object per configuration.

Run on a GPU machine: python3 bench/torch_gpt_step.py [--preset shakespeare-char-size] [--vocab 50]
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {  # layers, heads, width, context, batch — as src/engine/presets/*.ts
    "tiny": (2, 2, 32, 32, 8),
    "small": (4, 4, 128, 64, 12),
    "shakespeare-char-size": (6, 6, 384, 256, 64),
}


def causal_attention(q, k, v):
    """PyTorch's fused attention where it has one (2.0+), else the explicit masked softmax."""
    if hasattr(F, "scaled_dot_product_attention"):
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)
    T = q.shape[-2]
    att = (q @ k.transpose(-2, -1)) / q.shape[-1] ** 0.5
    att = att.masked_fill(~torch.ones(T, T, dtype=torch.bool, device=q.device).tril(), float("-inf"))
    return att.softmax(dim=-1) @ v


class Block(nn.Module):
    def __init__(self, C, NH):
        super().__init__()
        self.NH = NH
        self.ln_1, self.ln_2 = nn.LayerNorm(C), nn.LayerNorm(C)
        self.c_attn, self.c_proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
        self.c_fc, self.mlp_proj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = (t.view(B, T, self.NH, C // self.NH).transpose(1, 2) for t in self.c_attn(self.ln_1(x)).split(C, dim=2))
        y = causal_attention(q, k, v).transpose(1, 2).reshape(B, T, C)
        x = x + self.c_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, L, NH, C, T, V):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(T, C)
        self.blocks = nn.ModuleList(Block(C, NH) for _ in range(L))
        self.ln_f = nn.LayerNorm(C)

    def forward(self, idx, targets):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1], device=idx.device))
        for b in self.blocks:
            x = b(x)
        logits = self.ln_f(x) @ self.wte.weight.T
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.view(-1))


def time_steps(model, opt, idx, tgt, steps, warmup, autocast):
    for i in range(warmup + steps):
        if i == warmup:
            torch.cuda.synchronize()
            t0 = time.perf_counter()
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=autocast):
            loss = model(idx, tgt)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    torch.cuda.synchronize()
    return (time.perf_counter() - t0) * 1000 / steps, loss.item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="shakespeare-char-size", choices=sorted(PRESETS))
    ap.add_argument("--vocab", type=int, default=50)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    a = ap.parse_args()
    L, NH, C, T, B = PRESETS[a.preset]
    torch.manual_seed(0)
    idx = torch.randint(0, a.vocab, (B, T), device="cuda")
    tgt = torch.randint(0, a.vocab, (B, T), device="cuda")
    for name, tf32, autocast in [("f32 (TF32 off)", False, False), ("f32 with TF32", True, False), ("bf16 autocast", True, True)]:
        torch.backends.cuda.matmul.allow_tf32 = tf32
        torch.backends.cudnn.allow_tf32 = tf32
        model = GPT(L, NH, C, T, a.vocab).cuda()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.99), weight_decay=0.1)
        ms, loss = time_steps(model, opt, idx, tgt, a.steps, a.warmup, autocast)
        print(json.dumps({"impl": f"pytorch {torch.__version__} eager {name}", "preset": a.preset, "B": B, "T": T, "V": a.vocab,
                          "msPerStep": ms, "tokensPerSec": round(B * T * 1000 / ms), "loss": loss, "gpu": torch.cuda.get_device_name()}))


if __name__ == "__main__":
    main()
