#!/usr/bin/env python3
"""Writes a random-weights LLaMA-architecture checkpoint for benchmarks (never for quality).

Two output formats:
  llama2c  llama2.c's legacy version-0 .bin (float32; run.c and palr read it), e.g. the 155M benchmark model:
             random-llama.py llama2c --dim 1024 --hidden 2816 --layers 12 --heads 16 --vocab 512 \
                 --seq-len 512 --out /tmp/llama155m/model.bin
  hf       a Hugging Face folder: config.json plus F16, BF16 or F32 safetensors, sharded, e.g. LLaMA-7B's shapes:
             random-llama.py hf --dim 4096 --hidden 11008 --layers 32 --heads 32 --vocab 32000 --seq-len 4096 \
                 --dtype f16 --shard-gb 4 --tokenizer ../shared/models/llama2-tokenizer/tokenizer.model \
                 --out /tmp/llama7b-random

Tensors are generated and written one at a time (in chunks), so memory stays far below the checkpoint size.
Weights are uniform with standard deviation --std (0.02); norm weights are 1. Only numpy is needed.
Output is written to a temporary sibling and renamed when complete.
"""
import argparse
import json
import os
import shutil
import struct
import sys

import numpy as np

CHUNK = 1 << 24  # values generated per step


def tensor_specs(a):
    """(hf name, shape, is_norm) in Hugging Face order; shapes as [out, in]."""
    hd = a.dim // a.heads
    kv = a.kv_heads * hd
    specs = [("model.embed_tokens.weight", (a.vocab, a.dim), False)]
    for i in range(a.layers):
        p = f"model.layers.{i}."
        specs += [
            (p + "input_layernorm.weight", (a.dim,), True),
            (p + "self_attn.q_proj.weight", (a.dim, a.dim), False),
            (p + "self_attn.k_proj.weight", (kv, a.dim), False),
            (p + "self_attn.v_proj.weight", (kv, a.dim), False),
            (p + "self_attn.o_proj.weight", (a.dim, a.dim), False),
            (p + "post_attention_layernorm.weight", (a.dim,), True),
            (p + "mlp.gate_proj.weight", (a.hidden, a.dim), False),
            (p + "mlp.up_proj.weight", (a.hidden, a.dim), False),
            (p + "mlp.down_proj.weight", (a.dim, a.hidden), False),
        ]
    specs.append(("model.norm.weight", (a.dim,), True))
    if not a.tied:
        specs.append(("lm_head.weight", (a.vocab, a.dim), False))
    return specs


def write_values(f, rng, n, is_norm, std, dtype):
    """Writes n values of a tensor in chunks."""
    bound = std * 3 ** 0.5
    left = n
    while left > 0:
        k = min(CHUNK, left)
        if is_norm:
            v = np.ones(k, dtype=np.float32)
        else:
            v = rng.random(k, dtype=np.float32)
            v *= 2 * bound
            v -= bound
        if dtype == "f16":
            v = v.astype("<f2")
        elif dtype == "bf16":
            v = (v.view(np.uint32) >> 16).astype("<u2")  # truncation; values are random anyway
        else:
            v = v.astype("<f4")
        f.write(v.tobytes())
        left -= k


def count(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def write_llama2c(a, rng, out):
    hd = a.dim // a.heads
    kv = a.kv_heads * hd
    L = a.layers
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        vocab = a.vocab if a.tied else -a.vocab
        f.write(struct.pack("<7i", a.dim, a.hidden, L, a.heads, a.kv_heads, vocab, a.seq_len))
        layout = [
            (a.vocab * a.dim, False),  # token_embedding
            (L * a.dim, True),  # rms_att
            (L * a.dim * a.dim, False),  # wq
            (L * a.dim * kv, False),  # wk
            (L * a.dim * kv, False),  # wv
            (L * a.dim * a.dim, False),  # wo
            (L * a.dim, True),  # rms_ffn
            (L * a.hidden * a.dim, False),  # w1
            (L * a.dim * a.hidden, False),  # w2
            (L * a.hidden * a.dim, False),  # w3
            (a.dim, True),  # rms_final
        ]
        for n, norm in layout:
            write_values(f, rng, n, norm, a.std, "f32")
        # legacy RoPE tables (unused by run.c and palr)
        f.write(np.zeros(a.seq_len * hd, dtype="<f4").tobytes())
        if not a.tied:
            write_values(f, rng, a.vocab * a.dim, False, a.std, "f32")
    os.replace(tmp, out)


def write_hf(a, rng, out):
    dtype_name = {"f16": "F16", "bf16": "BF16", "f32": "F32"}[a.dtype]
    width = 4 if a.dtype == "f32" else 2
    specs = tensor_specs(a)
    shard_bytes = int(a.shard_gb * (1 << 30))
    shards, cur, cur_bytes = [], [], 0
    for s in specs:
        b = count(s[1]) * width
        if cur and cur_bytes + b > shard_bytes:
            shards.append(cur)
            cur, cur_bytes = [], 0
        cur.append(s)
        cur_bytes += b
    shards.append(cur)
    tmp = out + ".tmp"
    if os.path.exists(tmp):
        shutil.rmtree(tmp)
    os.makedirs(tmp)
    n = len(shards)
    weight_map, total = {}, 0
    for i, shard in enumerate(shards):
        name = "model.safetensors" if n == 1 else f"model-{i + 1:05d}-of-{n:05d}.safetensors"
        header, off = {"__metadata__": {"format": "pt"}}, 0
        for t, shape, _ in shard:
            b = count(shape) * width
            header[t] = {"dtype": dtype_name, "shape": list(shape), "data_offsets": [off, off + b]}
            off += b
            weight_map[t] = name
        total += off
        h = json.dumps(header, separators=(",", ":")).encode()
        h += b" " * (-len(h) % 8)
        with open(os.path.join(tmp, name), "wb") as f:
            f.write(struct.pack("<Q", len(h)))
            f.write(h)
            for t, shape, norm in shard:
                write_values(f, rng, count(shape), norm, a.std, a.dtype)
        print(f"wrote {name}", file=sys.stderr)
    if n > 1:
        with open(os.path.join(tmp, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=1)
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": a.dim,
        "intermediate_size": a.hidden, "num_hidden_layers": a.layers, "num_attention_heads": a.heads,
        "num_key_value_heads": a.kv_heads, "vocab_size": a.vocab, "max_position_embeddings": a.seq_len,
        "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "rope_scaling": None, "hidden_act": "silu",
        "tie_word_embeddings": a.tied, "attention_bias": False, "mlp_bias": False, "bos_token_id": 1,
        "eos_token_id": 2, "torch_dtype": {"f16": "float16", "bf16": "bfloat16", "f32": "float32"}[a.dtype],
    }
    with open(os.path.join(tmp, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    if a.tokenizer:
        shutil.copyfile(a.tokenizer, os.path.join(tmp, os.path.basename(a.tokenizer)))
    if os.path.exists(out):
        shutil.rmtree(out)
    os.replace(tmp, out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("format", choices=["llama2c", "hf"])
    p.add_argument("--dim", type=int, required=True)
    p.add_argument("--hidden", type=int, required=True)
    p.add_argument("--layers", type=int, required=True)
    p.add_argument("--heads", type=int, required=True)
    p.add_argument("--kv-heads", type=int, default=0, help="default: --heads")
    p.add_argument("--vocab", type=int, required=True)
    p.add_argument("--seq-len", type=int, default=512)
    p.add_argument("--tie", choices=["auto", "yes", "no"], default="auto",
                   help="share embedding and output head (auto: yes for llama2c, no for hf as in LLaMA)")
    p.add_argument("--dtype", choices=["f16", "bf16", "f32"], default="f16", help="hf only")
    p.add_argument("--shard-gb", type=float, default=4.0, help="hf only: shard size in GiB")
    p.add_argument("--tokenizer", help="hf only: tokenizer file copied into the folder")
    p.add_argument("--std", type=float, default=0.02)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    a.kv_heads = a.kv_heads or a.heads
    if a.dim % a.heads or a.heads % a.kv_heads:
        p.error("--dim must be a multiple of --heads, and --heads of --kv-heads")
    a.tied = a.tie == "yes" or (a.tie == "auto" and a.format == "llama2c")
    rng = np.random.default_rng(a.seed)
    params = sum(count(s) for _, s, _ in tensor_specs(a))
    print(f"{params / 1e6:.1f}M parameters", file=sys.stderr)
    (write_llama2c if a.format == "llama2c" else write_hf)(a, rng, a.out)


if __name__ == "__main__":
    main()
