#!/usr/bin/env bash
# scripts/reproduce.sh [beauty|ml100k] -- the retrieval quality table of docs/benchmarks.md through the command line
# alone: `palr prepare`, then `palr train --preset MODEL-DATASET` and `palr evaluate` (full and sampled ranking) for
# every model, then the table beside the published one and the SASRec paper's. Resumable: a model folder with a
# model.json is not trained again; delete the output folder to start over.
#
# Environment:
#   PALR_SHARED   reference data (default: ../shared beside the repository)
#   PALR_OUT      output folder (default: runs/reproduce-DATASET)
#   PALR_SEED     training seed, also the seed of the sampled negatives (default: 42)
#   PALR_MODELS   models to run (default: "pop itemknn sasrec gru4rec bpr ncf caser")
#   PALR_TRAIN_ARGS  extra options for every `palr train`, e.g. "--epochs 2" for a smoke test
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATASET="${1:-beauty}"
SHARED="${PALR_SHARED:-$ROOT/../shared}"
OUT="${PALR_OUT:-$ROOT/runs/reproduce-$DATASET}"
SEED="${PALR_SEED:-42}"
MODELS="${PALR_MODELS:-pop itemknn sasrec gru4rec bpr ncf caser}"
PALR="$ROOT/palr"

case "$DATASET" in
  beauty) INPUT=(--format sequences "$SHARED/data/beauty/user_sequence.txt") ;;
  ml100k) INPUT=(--format ml-100k "$SHARED/data/ml-100k") ;;
  *) echo "usage: scripts/reproduce.sh [beauty|ml100k]" >&2; exit 2 ;;
esac
if [[ ! -e "${INPUT[2]}" ]]; then
  echo "reproduce: error: ${INPUT[2]} not found; set PALR_SHARED to the folder holding data/" >&2
  exit 1
fi

start=$(date +%s)
mkdir -p "$OUT/models" "$OUT/eval"
DATA="$OUT/$DATASET.palrds"
echo "== $(date -u +%H:%M:%S) prepare ($DATASET)"
if [[ ! -f "$DATA" ]]; then
  "$PALR" prepare "${INPUT[@]}" -o "$DATA"
fi

dirs=()
for m in $MODELS; do
  dir="$OUT/models/$m"
  dirs+=("$m=$dir")
  if [[ -f "$dir/model.json" ]]; then
    echo "== $m: already trained in $dir"
    continue
  fi
  echo "== $(date -u +%H:%M:%S) train $m (preset $m-$DATASET, seed $SEED)"
  rm -rf "$dir"
  "$PALR" train --data "$DATA" --preset "$m-$DATASET" --seed "$SEED" --no-progress ${PALR_TRAIN_ARGS:-} -o "$dir" | tee "$OUT/models/$m.log"
done

systems="$(echo $MODELS | tr ' ' ',')"
model_dirs=()
for d in "${dirs[@]}"; do model_dirs+=(--model-dir "$d"); done
for protocol in full sampled; do
  echo "== $(date -u +%H:%M:%S) evaluate ($protocol ranking)"
  "$PALR" evaluate --data "$DATA" --systems "$systems" "${model_dirs[@]}" --protocol "$protocol" --seed "$SEED" \
    --cutoffs 10 -o "$OUT/eval/$protocol" | tee "$OUT/eval/$protocol.txt"
done

# the table: ours now, the published one (docs/benchmarks.md) and the paper's
metric() {  # metric FILE SYSTEM COLUMN(2=HR@10, 3=NDCG@10)
  awk -v s="$2" -v c="$3" '$1 == s && NF >= 3 { print $c; exit }' "$1"
}
epochs() {
  sed -n 's/^trained \([0-9]*\) epochs.*best epoch \([0-9]*\),.*/\1 (\2)/p' "$OUT/models/$1.log" 2>/dev/null | head -1
}
REF="$ROOT/scripts/reference/$DATASET.tsv"
{
  echo
  echo "$DATASET, seed $SEED: this run (palr prepare + train --preset + evaluate) | published table | SASRec paper"
  printf '%-8s %9s %9s %9s %9s %11s | %9s %9s %9s %9s | %9s %9s\n' model full_HR full_NDCG samp_HR samp_NDCG \
    "epochs" pub_f_HR pub_f_NDCG pub_s_HR pub_s_NDCG paper_HR paper_NDCG
  for m in $MODELS; do
    ref=($(awk -v m="$m" '$1 == m { print $2, $3, $4, $5, $6, $7 }' "$REF"))
    e="$(epochs "$m")"
    printf '%-8s %9s %9s %9s %9s %11s | %9s %9s %9s %9s | %9s %9s\n' "$m" \
      "$(metric "$OUT/eval/full.txt" "$m" 2)" "$(metric "$OUT/eval/full.txt" "$m" 3)" \
      "$(metric "$OUT/eval/sampled.txt" "$m" 2)" "$(metric "$OUT/eval/sampled.txt" "$m" 3)" "${e:--}" \
      "${ref[0]:--}" "${ref[1]:--}" "${ref[2]:--}" "${ref[3]:--}" "${ref[4]:--}" "${ref[5]:--}"
  done
  echo "total time: $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s"
} | tee "$OUT/table.txt"
