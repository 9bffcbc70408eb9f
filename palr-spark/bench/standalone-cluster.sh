#!/usr/bin/env bash
# Runs a palr spark job on a throw-away Spark standalone cluster on 127.0.0.1: a master and WORKERS workers (one core,
# 1 GB each) started from palr-spark's Maven class path (no Spark distribution: a folder of links to the jars stands in
# for SPARK_HOME), the job jar submitted with SparkSubmit in client mode, the cluster stopped afterwards. For the
# scaling figures in docs/benchmarks.md; build first with `./palr spark --help` and `mvn -pl palr-spark -am package`.
#
# Usage: palr-spark/bench/standalone-cluster.sh WORKERS palr-spark-arguments...
#   e.g. palr-spark/bench/standalone-cluster.sh 2 recommend --prepared DIR --data FILE --model-dir DIR -o OUT
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORKERS="$1"; shift
CP_FILE="${PALR_SPARK_CLASSPATH_FILE:-$ROOT/palr-spark/target/classpath.txt}"
JOB="${PALR_SPARK_JOB_JAR:-$(ls "$ROOT"/palr-spark/target/palr-spark-*-job.jar)}"
[[ -f "$CP_FILE" ]] || { echo "run ./palr spark --help first (writes $CP_FILE)" >&2; exit 1; }
DIR="$(mktemp -d "${TMPDIR:-/tmp}/palr-standalone.XXXXXX")"
mkdir -p "$DIR/home/jars" "$DIR/home/conf"
NATIVE=""
for j in $(tr ':' ' ' < "$CP_FILE"); do
  case "$(basename "$j")" in
    palr-*|junit-*|assertj-*|opentest4j*|apiguardian*) ;;
    pytorch-native-cpu*) NATIVE="$j" ;;
    *.jar) ln -s "$j" "$DIR/home/jars/" ;;
  esac
done
cat > "$DIR/home/conf/log4j2.properties" <<'L'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.master.name = org.apache.spark.deploy.master.Master
logger.master.level = info
L
OPTS="$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' "$ROOT/pom.xml")"
export SPARK_HOME="$DIR/home" SPARK_CONF_DIR="$DIR/home/conf" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13
L4J="-Dlog4j2.configurationFile=$DIR/home/conf/log4j2.properties"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT
# shellcheck disable=SC2086
java $OPTS $L4J -Xmx256m -cp "$DIR/home/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$PORT" --webui-port 0 > "$DIR/master.log" 2>&1 &
PIDS+=($!)
for w in $(seq "$WORKERS"); do
  mkdir -p "$DIR/w$w"
  # shellcheck disable=SC2086
  java $OPTS $L4J -Xmx256m -cp "$DIR/home/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory 1g --webui-port 0 --work-dir "$DIR/w$w" "spark://127.0.0.1:$PORT" > "$DIR/worker$w.log" 2>&1 &
  PIDS+=($!)
done
for _ in $(seq 600); do
  [[ "$(grep -c 'Registering worker' "$DIR/master.log" || true)" -ge "$WORKERS" ]] && break
  sleep 0.5
done
echo "standalone cluster spark://127.0.0.1:$PORT with $WORKERS workers" >&2
# shellcheck disable=SC2086
java $OPTS $L4J -Xmx1g -cp "$DIR/home/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "spark://127.0.0.1:$PORT" --deploy-mode client \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \
  --conf spark.executor.memory=768m --conf spark.executor.cores=1 --conf "spark.cores.max=$WORKERS" \
  --conf spark.scheduler.minRegisteredResourcesRatio=1.0 --conf spark.scheduler.maxRegisteredResourcesWaitingTime=300s \
  --conf "spark.executor.extraJavaOptions=-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1" \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 \
  --conf "spark.executorEnv.DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.palr/djl-cache}" \
  ${NATIVE:+--jars "$NATIVE"} --class io.palr.spark.job.PalrSparkJob "$JOB" "$@" --start-timeout 300
