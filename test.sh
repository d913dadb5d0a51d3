#!/usr/bin/env bash
# Runs every test of SignDesk: installs missing system packages, then the whole Maven build
# with unit tests (surefire), fuzz tests (surefire, each fuzzing for its bounded time) and
# integration tests (failsafe). With the shared corpus beside the repository (../shared/corpus)
# its conformance suite runs too. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

scripts/install-deps.sh
# Tesseract's OpenMP threads fight the test JVM for the two cores and make OCR slower, not faster.
export OMP_THREAD_LIMIT=1
# Jazzer fuzzes each *FuzzTest for its @FuzzTest maxDuration (about four minutes in all);
# JAZZER_FUZZ=0 ./test.sh replays their seeds and regression inputs only.
export JAZZER_FUZZ="${JAZZER_FUZZ:-1}"
profiles=()
if [[ -d ../shared/corpus ]]; then
  profiles=(-Pconformance)
else
  echo "test.sh: no shared corpus at $(cd .. && pwd)/shared/corpus: its conformance suite does not run, generated fixtures only" >&2
fi
mvn -B verify "${profiles[@]}" "$@"
