#!/usr/bin/env bash
# Builds palr-retrieval and runs one of its benchmark entry points with the module's classpath.
# Usage (from the repository root): palr-retrieval/scripts/run-bench.sh io.palr.bench.retrieval.QualityBenchmark [args...]
# Reference data is read from $PALR_SHARED (default: ../shared next to the repository).
set -euo pipefail
main="$1"; shift
cpfile="$PWD/palr-retrieval/target/classpath.txt"
mvn -B -q -o -pl palr-retrieval -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >&2
# run from a snapshot of the compiled classes so that rebuilding the module does not disturb a long run
snap="$(mktemp -d /tmp/palr-bench-classes.XXXXXX)"
cp -r palr-retrieval/target/classes "$snap/"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$PWD/palr-retrieval/target/djl-cache}"
export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR}"
exec java -Xmx3g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${PALR_TORCH_THREADS:-1}" -Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
  -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss \
  -cp "$snap/classes:$(cat "$cpfile")" "$main" --shared "${PALR_SHARED:-$PWD/../shared}" "$@"
