#!/usr/bin/env bash
# Side-by-side decode speed and peak memory of llama2.c's run.c and `palr generate`, interleaved in one sitting.
#
#   scripts/llm-vs-runc.sh LLAMA2C_DIR MODEL.bin TOKENIZER.bin STEPS [REPEATS]
#
# LLAMA2C_DIR is a checkout of github.com/karpathy/llama2.c (run.c is compiled there three ways: -O3; -O3 -fopenmp;
# -Ofast -march=native -fopenmp). MODEL.bin is a llama2.c checkpoint, e.g. stories260K.bin or the 155M random model
# from scripts/random-llama.py (see docs/benchmarks.md). STEPS is run.c's -n (positions including the prompt);
# palr generates STEPS - 4 tokens after the 5-token prompt "Once upon a time", the same forward passes.
# Prints one line per run: tool, build, threads, tok/s (run.c's "achieved tok/s", palr's steady decode), tokens per
# CPU-second (run.c: STEPS over its user+sys time, loading included; palr: decode steps over the process's CPU time
# while decoding), peak RSS; then the load average. On a shared machine the CPU-second figure is the one that
# survives contention. run.c's OpenMP builds run with OpenMP's default waiting (spinning), and at 2 threads once more with
# OMP_WAIT_POLICY=PASSIVE, palr's default. Needs gcc, GNU time (/usr/bin/time) and a built ./palr.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC="$1"; MODEL="$2"; TOK="$3"; STEPS="$4"; REPEATS="${5:-1}"
BIN="$(mktemp -d)"
trap 'rm -rf "$BIN"' EXIT
gcc -O3 -o "$BIN/run_O3" "$SRC/run.c" -lm
gcc -O3 -fopenmp -o "$BIN/run_O3_omp" "$SRC/run.c" -lm
gcc -Ofast -march=native -fopenmp -o "$BIN/run_Ofast_omp" "$SRC/run.c" -lm
PROMPT="Once upon a time"

runc() { # build threads [wait policy]
  local out
  out="$(env ${3:+OMP_WAIT_POLICY=$3} OMP_NUM_THREADS="$2" /usr/bin/time -f "RSS %M CPU %U %S" "$BIN/$1" "$MODEL" -z "$TOK" -t 0 -n "$STEPS" \
    -i "$PROMPT" 2>&1)"
  printf 'run.c\t%s%s\t%s\t%s tok/s\t%s tok/CPU-s\t%s KB\n' "$1" "${3:+ $3}" "$2" \
    "$(grep -o 'achieved tok/s: [0-9.]*' <<<"$out" | awk '{printf "%.1f", $3}')" \
    "$(grep -o 'CPU [0-9.]* [0-9.]*' <<<"$out" | awk -v n="$STEPS" '{printf "%.1f", n / ($2 + $3)}')" \
    "$(grep -o 'RSS [0-9]*' <<<"$out" | awk '{print $2}')"
}

palr() { # threads
  local out
  out="$(/usr/bin/time -f "RSS %M" ./palr --engine-threads "$1" generate --model "$MODEL" --tokenizer "$TOK" \
    --prompt "$PROMPT" -n $((STEPS - 4)) --stats 2>&1)"
  printf 'palr\tgenerate\t%s\t%s tok/s\t%s tok/CPU-s\t%s KB\n' "$1" \
    "$(grep -o '= [0-9.]* tokens/s steady' <<<"$out" | awk '{print $2}')" \
    "$(grep -o '([0-9.]* per CPU-second' <<<"$out" | tr -d '(' | awk '{print $1}')" \
    "$(grep -o 'RSS [0-9]*' <<<"$out" | awk '{print $2}')"
}

./palr --version >/dev/null # build the command line first
uptime
for ((r = 0; r < REPEATS; r++)); do
  runc run_O3 1
  palr 1
  runc run_O3_omp 1
  runc run_O3_omp 2
  palr 2
  runc run_Ofast_omp 1
  runc run_Ofast_omp 2
  runc run_O3_omp 2 PASSIVE
  runc run_Ofast_omp 2 PASSIVE
  uptime
done
