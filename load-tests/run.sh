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
# MVN_ARGS adds Maven options (e.g. MVN_ARGS=-o to build offline); JAVA_OPTS replaces the JVM options.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
benchmark=vn.signdesk.load.SigningBenchmark
if [[ "${1:-}" == verify ]]; then
  benchmark=vn.signdesk.load.VerificationBenchmark
  shift
elif [[ "${1:-}" == ocr ]]; then
  benchmark=vn.signdesk.load.OcrBenchmark
  shift
elif [[ "${1:-}" == sign ]]; then
  shift
fi
# Tesseract's OpenMP threads would compete with the OCR workers (and the CLI's processes) for the cores
export OMP_THREAD_LIMIT=1
mvn -q ${MVN_ARGS:-} -pl load-tests -am package -DskipTests
classpath="load-tests/target/classes:$(cat load-tests/target/benchmark.classpath)"
# a fixed heap, so that heap resizing is not part of what is measured
exec java ${JAVA_OPTS:--Xms1g -Xmx1g} -Djava.awt.headless=true -cp "$classpath" "$benchmark" "$@"
