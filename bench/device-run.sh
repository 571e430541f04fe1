#!/usr/bin/env bash
# The whole real-GPU check as ONE device run (see bench/README.md): correctness at model sizes, engine
# benchmarks, a short training run, and PyTorch on the same GPU for a side-by-side ratio. Results → $OUT.
set -uo pipefail
source .gpu/enter.sh
out=${OUT:-/tmp/gpt-lab-out}
mkdir -p "$out"
run() { echo "== $*"; timeout 150 "$@"; }
run node dist-node/gpu-check.js > "$out/gpu-check.jsonl" 2>&1
run node dist-node/bench.js --preset small --steps 50 --json > "$out/bench-small.jsonl" 2>&1
run node dist-node/bench.js --preset shakespeare-char-size --steps 20 --json > "$out/bench-shakespeare.jsonl" 2>&1
run node dist-node/train.js --dataset tinystories-en --preset shakespeare-char-size --steps 200 --eval-every 100 --log-every 25 --json > "$out/train-shakespeare.jsonl" 2>&1
run python3 bench/torch_gpt_step.py --preset small > "$out/torch-small.jsonl" 2>&1
run python3 bench/torch_gpt_step.py --preset shakespeare-char-size > "$out/torch-shakespeare.jsonl" 2>&1
tail -n 3 "$out"/*.jsonl
