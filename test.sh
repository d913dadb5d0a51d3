#!/usr/bin/env bash
# Runs every test of SignDesk: installs missing system packages, then the whole Maven build
# with unit tests (surefire) and integration tests (failsafe). Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

scripts/install-deps.sh
# Tesseract's OpenMP threads fight the test JVM for the two cores and make OCR slower, not faster.
export OMP_THREAD_LIMIT=1
mvn -B verify "$@"
