#!/usr/bin/env bash
# GPU readiness of palr-llm, in one run (see docs/llm-runtime.md, "GPU"):
#   1. stories260K's reference logits in float16 on CUDA against run.c's float32 logits (64 positions), both layouts,
#      with the cached decode speed; 2. one LoRA step on the float16 base; 3. (with a checkpoint folder) the
#      large-model path: likelihood scoring of a PALR prompt's 20 candidates, time to first token, decode tokens/s,
#      memory.
#
#   scripts/gpu-check.sh [CHECKPOINT_DIR]     e.g. a LLaMA-7B-shaped folder from scripts/random-llama.py
#
# Prerequisites (the build ships CPU natives only):
#   - an NVIDIA driver (nvidia-smi works) and one of
#     a) DJL's CUDA natives for PyTorch 2.7.1 in the local Maven repository: the ai.djl.pytorch:pytorch-native-cuXXX
#        artifact DJL publishes for 2.7.1 (classifier linux-x86_64; XXX is its CUDA flavour, see Maven Central) in
#        place of pytorch-native-cpu in palr-bench's runtime dependencies, or
#     b) a local CUDA libtorch 2.7.1 through DJL's library-path settings: export PYTORCH_LIBRARY_PATH=/path/to/libtorch/lib
#        PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cuXXX (ai.djl.offline=true stays: nothing is downloaded at run time);
#   (neither was available where this script was written: it has run with PALR_DEVICE=cpu only)
#   - ../shared/models/stories260K-hf and stories260K/reference (or PALR_SHARED=DIR).
# Exit status 1 when a check fails. Run with PALR_DEVICE=cpu to try the script itself on a machine without a GPU.
set -euo pipefail
cd "$(dirname "$0")/.."
device="${PALR_DEVICE:-gpu}"
if [[ "$device" == gpu ]] && ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-check: no nvidia-smi: no NVIDIA driver on this machine (PALR_DEVICE=cpu runs the checks on the CPU)" >&2
  exit 1
fi
[[ "$device" == gpu ]] && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
export PALR_TORCH_THREADS="${PALR_TORCH_THREADS:-$(nproc)}"
scripts/run-bench.sh io.palr.bench.llm.GpuCheck --device "$device" --shared "${PALR_SHARED:-../shared}"
if [[ $# -ge 1 ]]; then
  scripts/run-bench.sh io.palr.bench.llm.LlmScaleBenchmark --model "$1" --device "$device" --candidates 20 \
    --decode 16 --context 1024
fi
