#!/usr/bin/env bash
# Starts SignDesk in demo mode: installs missing system packages, builds the service if its jar
# is missing or older than the sources, then runs `./signdesk serve`, which prints the web page's
# address and the file of demo API keys to sign in with. Extra arguments go to serve.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

scripts/install-deps.sh
# Tesseract's OpenMP threads would compete with the OCR worker pool for the cores and make OCR slower.
export OMP_THREAD_LIMIT="${OMP_THREAD_LIMIT:-1}"

jar=verification-api/target/signdesk.jar
if [[ ! -f "$jar" ]] || [[ -n "$(find . \( -path ./data -o -path ./.git -o -name target \) -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
      -type f -newer "$jar" -print -quit)" ]]; then
  echo "run: building SignDesk (mvn install, tests skipped)..." >&2
  mvn -B -q -DskipTests install
fi

exec ./signdesk serve "$@"
