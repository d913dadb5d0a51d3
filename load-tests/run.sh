#!/usr/bin/env bash
# Builds the benchmarks and what they depend on, then runs one; arguments go to the benchmark:
#   load-tests/run.sh --quick                      signing benchmark, smoke run, under a minute
#   load-tests/run.sh                              signing benchmark, full run: 3 s warm-up, 5 x 2 s per side and case
#   load-tests/run.sh --warmup 5 --iterations 7 --time 3 --threads 1,2 --pages 1,20 --levels B-B,B-T,B-LTA
#   load-tests/run.sh verify --quick               verification benchmark, smoke run, under a minute
#   load-tests/run.sh verify                       verification benchmark, full run
#   load-tests/run.sh verify --threads 2 --cases one-page,twenty-pages,five-signatures
#   load-tests/run.sh ocr --quick                  OCR benchmark beside the tesseract CLI, smoke run (2 pages, 1 round)
#   load-tests/run.sh ocr                          OCR benchmark, full run: 6 A4 pages, 3 rounds, 1 and 2 workers
#   load-tests/run.sh ocr --pages 10 --rounds 5 --threads 1,2 --lang vie+eng
#   load-tests/run.sh tsa [--quick]                embedded TSA in-process beside Bouncy Castle's generator and bare RSA
#   load-tests/run.sh http --quick                 HTTP load run against the service, about five minutes
#   load-tests/run.sh http                         HTTP load run, full: concurrency 1..32, about thirty minutes
#   load-tests/run.sh http --scenarios tsa,verify-1p --concurrency 8,16
#   load-tests/run.sh coldstart [--seconds 240]    a node's first minutes: /v1/verify rate from process start,
#                                                  without (SIGNDESK_WARMUP_MAX_SECONDS=0) and with its warm-up
#   load-tests/run.sh cluster --quick              one node alone on SQLite, then 1 and 3 nodes on PostgreSQL behind nginx, about three minutes
#   load-tests/run.sh cluster [--nodes N]          the same, full: concurrency 2,4,8, 30 s warm-up and 20 s per level
# http mode: runs the DSS-direct baselines (signing and verification benchmarks at 2 threads) as
# their own JVMs, starts the service jar in a temporary data directory on a free port with a fixed
# heap, runs vn.signdesk.load.http.LoadRunner against it (extra arguments go to the runner), stops
# the service and leaves the report in load-tests/target/report/ (report.md, report.html; the
# service's log in load-tests/target/load-service.log, its collector's pauses in load-service-gc.log).
# cluster mode: the verify-1p and sign-1p-B-B scenarios of the load runner, first against one node
# alone on SQLite, then through nginx against 1 and N nodes (default 3) sharing PostgreSQL
# (LocalCluster from verification-api's test classes starts PostgreSQL, the nodes and nginx on
# loopback); writes load-tests/target/report/cluster.md (the nodes' logs in load-tests/target/cluster-logs/).
# MVN_ARGS adds Maven options (e.g. MVN_ARGS=-o to build offline); JAVA_OPTS replaces the JVM options
# of the benchmarks, RUNNER_JAVA_OPTS those of the load runner (default -Xmx512m -XX:TieredStopAtLevel=1), SERVICE_JAVA_OPTS
# those of the service. Both default to a fixed 1 GB heap and the collector ./signdesk runs the
# service with (its SIGNDESK_DEFAULT_JAVA_OPTS), so DSS direct and SignDesk run on the same JVM settings.
set -euo pipefail
jvm_defaults="-Xms1g -Xmx1g -XX:+UseParallelGC -XX:MetaspaceSize=128m"
# Tesseract's OpenMP threads would compete with the OCR workers (and the CLI's processes) for the cores
export OMP_THREAD_LIMIT=1
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode=sign
if [[ "${1:-}" =~ ^(verify|sign|tsa|http|ocr|coldstart|cluster)$ ]]; then
  mode=$1
  shift
fi

classpath() {
  echo "load-tests/target/classes:$(cat load-tests/target/benchmark.classpath)"
}

if [[ "$mode" != http && "$mode" != coldstart && "$mode" != cluster ]]; then
  benchmark=vn.signdesk.load.SigningBenchmark
  [[ "$mode" == verify ]] && benchmark=vn.signdesk.load.VerificationBenchmark
  [[ "$mode" == tsa ]] && benchmark=vn.signdesk.load.TimestampBenchmark
  [[ "$mode" == ocr ]] && benchmark=vn.signdesk.load.OcrBenchmark
  mvn -q ${MVN_ARGS:-} -pl load-tests -am package -DskipTests
  # a fixed heap, so that heap resizing is not part of what is measured
  exec java ${JAVA_OPTS:-$jvm_defaults} -Djava.awt.headless=true -cp "$(classpath)" "$benchmark" "$@"
fi

# ---- http and cluster modes ----
quick=()
nodes=3
rest=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=(--quick); rest+=("$1") ;;
    --nodes) [[ "$mode" == cluster ]] || { echo "load: --nodes is for cluster mode" >&2; exit 1; }
             nodes="$2"; shift ;;
    *) rest+=("$1") ;;
  esac
  shift
done
set -- ${rest[@]+"${rest[@]}"}

jar=verification-api/target/signdesk.jar
# build when the service jar or the runner's class path is missing or older than any source
if [[ ! -f "$jar" || ! -f load-tests/target/benchmark.classpath || ! -f load-tests/target/cluster.classpath ]] \
    || [[ -n "$(find . \
      \( -path ./.git -o -name target -o -name data \) -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
      -type f \( -newer "$jar" -o -newer load-tests/target/benchmark.classpath \) -print -quit)" ]]; then
  echo "load: building the service jar and the load runner (tests skipped)..." >&2
  mvn -q ${MVN_ARGS:-} -pl verification-api,load-tests -am package -DskipTests
fi

report="$root/load-tests/target/report"
if [[ "$mode" == coldstart ]]; then
  # coldstart mode: starts the service twice, without and with its warm-up, and drives /v1/verify at 4 in
  # flight from the moment it is ready; load-tests/target/report/coldstart.md says when each reached 80%
  # of its settled rate, counted from the start of its process (see vn.signdesk.load.http.ColdStart)
  seconds=240
  [[ "${1:-}" == --seconds ]] && seconds=$2
  mkdir -p "$report"
  out="$report/coldstart.md"
  {
    echo "# Cold start: /v1/verify (1 page, B-T) at 4 in flight, from process start"
    echo
    echo "$(date -u '+%F %H:%M') UTC, $(nproc --all) cores shared with other work (load average $(cut -d' ' -f1-3 /proc/loadavg))."
    echo "Service JVM: ${SERVICE_JAVA_OPTS:-$jvm_defaults}; load generator on the same cores."
  } >"$out"
  for run in "before: no warm-up (SIGNDESK_WARMUP_MAX_SECONDS=0):0" \
             "after: warm-up before ready (SIGNDESK_WARMUP_MAX_SECONDS=${COLDSTART_WARMUP:-180}):${COLDSTART_WARMUP:-180}"; do
    label="${run%:*}"
    data="$(mktemp -d "${TMPDIR:-/tmp}/signdesk-coldstart.XXXXXX")"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    started="$(date +%s%3N)"
    # shellcheck disable=SC2086
    SIGNDESK_HTTP_PORT="$port" SIGNDESK_DATA_DIR="$data" SIGNDESK_MODE=demo SIGNDESK_WARMUP_MAX_SECONDS="${run##*:}" \
      java ${SERVICE_JAVA_OPTS:-$jvm_defaults} -Djava.awt.headless=true -jar "$jar" serve \
      >"$root/load-tests/target/coldstart-service.log" 2>&1 &
    pid=$!
    java ${RUNNER_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1} -Djava.awt.headless=true -cp "$(classpath)" \
      vn.signdesk.load.http.ColdStart --url "http://127.0.0.1:$port" --credentials "$data/demo-credentials.json" \
      --started-ms "$started" --seconds "$seconds" --label "$label" --report "$out" || true
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$data"
  done
  exit 0
fi
service_opts="${SERVICE_JAVA_OPTS:-$jvm_defaults}"
# the runner keeps no documents beyond a few PDFs: a small heap leaves the memory to the service.
# It runs on the C1 compiler only: its C2 compiles came in bursts of a quarter core or more in the
# middle of the open loop, each a stall of the service beside it (p99 30 ms, 114 requests over 50 ms
# in 120 s at 142 req/s); with C1 only, 21 ms and 3 requests, for about 3% more of a core steadily.
runner_java=(java ${RUNNER_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1} -Djava.awt.headless=true -cp "$(classpath)")

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

data=""
service_pid=""
stop_service() {
  if [[ -n "$service_pid" ]] && kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM "$service_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$service_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$service_pid" 2>/dev/null || true
  fi
  service_pid=""
  [[ -n "$data" ]] && rm -rf "$data"
  data=""
}

# start_service PORT LOG [JAVA_OPTION...]: one demo node on SQLite in a fresh data directory, until ready
start_service() {
  local port=$1 log=$2
  shift 2
  data="$(mktemp -d "${TMPDIR:-/tmp}/signdesk-load.XXXXXX")"
  echo "load: starting the service on 127.0.0.1:$port ($service_opts, OMP_THREAD_LIMIT=1, data in $data)..." >&2
  # shellcheck disable=SC2086
  SIGNDESK_HTTP_PORT="$port" SIGNDESK_DATA_DIR="$data" SIGNDESK_MODE=demo OMP_THREAD_LIMIT=1 \
    java $service_opts "$@" -Djava.awt.headless=true -jar "$jar" serve >"$log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 1500); do
    if ! kill -0 "$service_pid" 2>/dev/null; then
      echo "load: the service stopped during start-up; its log:" >&2
      cat "$log" >&2
      exit 2
    fi
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "load: the service was not ready after 300 s; see $log" >&2
  exit 2
}

cluster_dir=""
cluster_pid=""
# stop_cluster: closing LocalCluster's input stops the nodes (SIGTERM), nginx and PostgreSQL
stop_cluster() {
  if [[ -n "$cluster_pid" ]]; then
    exec 3>&-
    for _ in $(seq 1 300); do
      kill -0 "$cluster_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -TERM "$cluster_pid" 2>/dev/null || true
    wait "$cluster_pid" 2>/dev/null || true
  fi
  cluster_pid=""
  [[ -n "$cluster_dir" ]] && rm -rf "$cluster_dir"
  cluster_dir=""
}

# start_cluster N: PostgreSQL, N nodes and nginx (LocalCluster), until every node is ready; sets
# cluster_url and cluster_data
start_cluster() {
  local n=$1
  cluster_dir="$(mktemp -d "${TMPDIR:-/tmp}/signdesk-cluster.XXXXXX")"
  mkfifo "$cluster_dir/in"
  echo "load: starting PostgreSQL, $n node(s) ($service_opts) and nginx in $cluster_dir..." >&2
  # shellcheck disable=SC2086
  OMP_THREAD_LIMIT=1 java -Xmx256m -Djava.awt.headless=true -Dsigndesk.jar="$root/$jar" \
    -cp "verification-api/target/test-classes:$(cat load-tests/target/cluster.classpath)" \
    vn.signdesk.api.http.LocalCluster --nodes "$n" --dir "$cluster_dir/run" $service_opts \
    <"$cluster_dir/in" >"$cluster_dir/out" 2>&1 &
  cluster_pid=$!
  # its input stays open (this descriptor) while the cluster runs
  exec 3>"$cluster_dir/in"
  for _ in $(seq 1 4500); do
    if grep -q '^pids ' "$cluster_dir/out"; then
      cluster_url="$(sed -n 's/^url //p' "$cluster_dir/out")"
      cluster_data="$(sed -n 's/^data //p' "$cluster_dir/out")"
      return 0
    fi
    if ! kill -0 "$cluster_pid" 2>/dev/null; then
      echo "load: the cluster did not start:" >&2
      cat "$cluster_dir/out" "$cluster_dir"/run/node-*.log >&2 2>/dev/null || true
      exit 2
    fi
    sleep 0.2
  done
  echo "load: the cluster was not ready after 900 s" >&2
  exit 2
}

cleanup() {
  stop_service
  stop_cluster
}
trap cleanup EXIT

if [[ "$mode" == cluster ]]; then
  mkdir -p "$report" "$root/load-tests/target/cluster-logs"
  results="$report/cluster-results.tsv"
  rm -f "$results"
  # the same closed loops for every set-up; no open loop
  if [[ ${#quick[@]} -gt 0 ]]; then
    timing=(--concurrency 4 --warmup 5 --duration 8)
  else
    timing=(--concurrency 2,4,8 --warmup 30 --duration 20)
    # every node warms itself up before it says it is ready, as in production, so that each set-up
    # is measured settled rather than while its JIT still compiles (about 2.5 minutes on 2 cores)
    export SIGNDESK_WARMUP_MAX_SECONDS="${SIGNDESK_WARMUP_MAX_SECONDS:-180}"
  fi
  measure=("${runner_java[@]}" vn.signdesk.load.http.ClusterComparison measure)
  options=(--scenarios verify-1p,sign-1p-B-B --open-loop 0 "${timing[@]}" "$@")
  status=0

  port="$(free_port)"
  start_service "$port" "$root/load-tests/target/cluster-logs/sqlite-node.log"
  "${measure[@]}" "1 node alone, SQLite" "$results" --url "http://127.0.0.1:$port" \
    --credentials "$data/demo-credentials.json" "${options[@]}" || status=$?
  stop_service

  sizes=(1)
  [[ "$nodes" != 1 ]] && sizes+=("$nodes")
  for n in "${sizes[@]}"; do
    start_cluster "$n"
    label="$n node(s), PostgreSQL, nginx"
    "${measure[@]}" "$label" "$results" --url "$cluster_url" --credentials "$cluster_data/demo-credentials.json" \
      "${options[@]}" || status=$?
    cp "$cluster_dir"/run/node-*.log "$cluster_dir"/run/nginx/error.log "$root/load-tests/target/cluster-logs/" 2>/dev/null || true
    for f in "$root"/load-tests/target/cluster-logs/node-*.log "$root/load-tests/target/cluster-logs/error.log"; do
      [[ -f "$f" ]] && mv "$f" "${f%/*}/$n-nodes-${f##*/}"
    done
    stop_cluster
  done

  "${runner_java[@]}" vn.signdesk.load.http.ClusterComparison report "$results" "$report/cluster.md" \
    "Measured on this machine ($(getconf _NPROCESSORS_ONLN) cores, load average $(cut -d" " -f1-3 /proc/loadavg) at the end) by \`load-tests/run.sh cluster ${quick[*]} --nodes $nodes\` on $(date -u +%Y-%m-%d): \
the load runner's verify-1p and sign-1p-B-B closed loops (${timing[*]}), first against one node alone on \
SQLite, then through nginx against nodes started fresh on one PostgreSQL. Every node runs \`java $service_opts\`; \
all of them, PostgreSQL, nginx and the runner share the cores, so more nodes cannot be faster here: \
the comparison shows what nginx, PostgreSQL and the extra JVMs cost."
  echo "load: report in $report/cluster.md" >&2
  exit "$status"
fi

rm -rf "$report"
mkdir -p "$report"
bench_java=(java ${JAVA_OPTS:-$jvm_defaults} -Djava.awt.headless=true -cp "$(classpath)")

# the baselines warm up for 20 s per side, in passes until the JIT compilers are quiet (at most 300 s):
# with the benchmarks' default 3 s, DSS's verification had not reached its steady rate (in one run
# 15 verifications/s, against 22 after 30 s): that flattered the ratio. The runner warms the service
# up the same way (see JitSettling).
warmup=(--warmup 20 --settle 300)
[[ ${#quick[@]} -gt 0 ]] && warmup=()
echo "load: EU DSS used directly, in-process with defaults, 2 threads (beside SignDesk's core)..." >&2
"${bench_java[@]}" vn.signdesk.load.SigningBenchmark "${quick[@]}" "${warmup[@]}" --threads 2 --pages 1 --levels B-B \
  | tee "$report/dss-signing.txt"
"${bench_java[@]}" vn.signdesk.load.VerificationBenchmark "${quick[@]}" "${warmup[@]}" --threads 2 --cases one-page \
  | tee "$report/dss-verification.txt"

port="$(free_port)"
start_service "$port" "$root/load-tests/target/load-service.log" \
  -Xlog:gc:file="$root/load-tests/target/load-service-gc.log":uptime

status=0
"${runner_java[@]}" vn.signdesk.load.http.LoadRunner \
  --url "http://127.0.0.1:$port" \
  --credentials "$data/demo-credentials.json" \
  --service-pid "$service_pid" \
  --service-jvm "java $service_opts, OMP_THREAD_LIMIT=1, demo mode" \
  --report "$report" \
  --dss-signing "$report/dss-signing.txt" \
  --dss-verification "$report/dss-verification.txt" \
  "$@" || status=$?
stop_service
exit "$status"
