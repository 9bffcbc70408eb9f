#!/usr/bin/env bash
# Builds palr-bench (and what it needs) and runs one of its entry points with its runtime classpath.
# Usage (from the repository root): scripts/run-bench.sh io.palr.bench.retrieval.QualityBenchmark [args...]
# Entry points that read reference data get --shared "$PALR_SHARED" (default: ../shared next to the repository)
# when their package is retrieval. PALR_TORCH_THREADS sets PyTorch's intra-op threads (default 1).
set -euo pipefail
main="$1"; shift
cpfile="$PWD/palr-bench/target/classpath.txt"
mvn -B -q -pl palr-bench -am package dependency:build-classpath -DskipTests -Dmaven.javadoc.skip=true \
  -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime >&2
# run from a snapshot of the built jars so that rebuilding does not disturb a long run
snap="$(mktemp -d /tmp/palr-bench-classes.XXXXXX)"
cp palr-bench/target/palr-bench-*.jar "$snap/"
cp_entries=()
IFS=':' read -r -a parts < "$cpfile"
for p in "${parts[@]}"; do
  if [[ "$p" == "$PWD"/palr-*/target/*.jar || "$p" == "$PWD"/palr-*/target/classes ]]; then
    cp -r "$p" "$snap/" 2>/dev/null || true
    cp_entries+=("$snap/$(basename "$p")")
  else
    cp_entries+=("$p")
  fi
done
classpath="$(ls "$snap"/palr-bench-*.jar):$(IFS=':'; echo "${cp_entries[*]}")"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$PWD/palr-bench/target/djl-cache}"
export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR}"
extra=()
case "$main" in
  io.palr.bench.retrieval.*) extra=(--shared "${PALR_SHARED:-$PWD/../shared}") ;;
esac
exec java ${PALR_JAVA_OPTS:--Xmx3g} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${PALR_TORCH_THREADS:-1}" \
  -Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
  -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss \
  -cp "$classpath" "$main" "${extra[@]}" "$@"
