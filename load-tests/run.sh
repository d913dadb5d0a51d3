#!/usr/bin/env bash
# Builds the signing benchmark and what it depends on, then runs it; arguments go to the benchmark:
#   load-tests/run.sh --quick                      smoke run, under a minute
#   load-tests/run.sh                              full run: 3 s warm-up, 5 x 2 s per side and case
#   load-tests/run.sh --warmup 5 --iterations 7 --time 3 --threads 1,2 --pages 1,20 --levels B-B,B-T,B-LTA
# MVN_ARGS adds Maven options (e.g. MVN_ARGS=-o to build offline); JAVA_OPTS replaces the JVM options.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -q ${MVN_ARGS:-} -pl load-tests -am package -DskipTests
classpath="load-tests/target/classes:$(cat load-tests/target/benchmark.classpath)"
# a fixed heap, so that heap resizing is not part of what is measured
exec java ${JAVA_OPTS:--Xms1g -Xmx1g} -Djava.awt.headless=true -cp "$classpath" vn.signdesk.load.SigningBenchmark "$@"
