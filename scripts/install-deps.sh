#!/usr/bin/env bash
# Installs the system packages SignDesk needs to build, test and run, and only those that are
# missing: on a machine that has everything it returns in about a second, without touching apt.
#
# Debian/Ubuntu (apt) only. Runs apt through sudo when not root. Add a package by appending it
# to PACKAGES below (a Debian package name, optionally "name:command" to test for a command
# instead of the package, for tools that may come from elsewhere, e.g. a JDK not from apt).
set -euo pipefail

PACKAGES=(
  # build
  "openjdk-17-jdk-headless:javac"
  "maven:mvn"
  # PKCS#11 token for the HSM key path and its tests; pkcs11-tool to inspect tokens
  softhsm2
  opensc
  # the OpenSSL PKCS#11 engine: examples/production signs the seal's certificate request in the token
  libengine-pkcs11-openssl
  # independent checks of what we produce: pdfsig, pdftotext, pdftoppm; openssl ts/ocsp/x509
  poppler-utils
  openssl
  # an NSS database (certutil, pk12util) for pdfsig -add-signature, a second signer in tests
  libnss3-tools
  # OCR (Tess4J loads libtesseract through JNA) with the Vietnamese and English models
  tesseract-ocr
  tesseract-ocr-vie
  tesseract-ocr-eng
  # orientation and script detection (turned pages)
  tesseract-ocr-osd
  libtesseract5
  # a Unicode font with full Vietnamese diacritics for signature appearances and OCR text layers
  fonts-dejavu-core
  # the web page's browser tests: Debian's Chromium, driven headless through its chromedriver
  chromium
  chromium-driver
  # the shared store of several nodes: the tests start their own server (initdb, pg_ctl) on loopback
  postgresql
  # the load balancer of the cluster test and of load-tests/run.sh cluster, on loopback
  nginx
)

die() {
  echo "install-deps: $*" >&2
  exit 1
}

is_installed() {
  dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed
}

# A JDK counts only if it is 17 or newer, whatever installed it.
java_ok() {
  command -v javac >/dev/null 2>&1 || return 1
  local v
  v=$(javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')
  [[ -n "$v" && "$v" -ge 17 ]]
}

missing=()
for entry in "${PACKAGES[@]}"; do
  pkg=${entry%%:*}
  cmd=
  [[ "$entry" == *:* ]] && cmd=${entry#*:}
  if [[ "$cmd" == javac ]]; then
    java_ok && continue
  elif [[ -n "$cmd" ]]; then
    command -v "$cmd" >/dev/null 2>&1 && continue
  fi
  is_installed "$pkg" || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 \
  || die "missing packages (${missing[*]}) and no apt-get here: install them by hand"

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 \
    || die "missing packages (${missing[*]}): run as root or install sudo"
  SUDO=(sudo)
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg run to finish instead of failing at once on the lock.
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" -qq update >&2 \
  || die "apt-get update failed (network or sources.list?)"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" -y -qq \
  --no-install-recommends install "${missing[@]}" >&2 \
  || die "apt-get install failed for: ${missing[*]}"

still=()
for pkg in "${missing[@]}"; do
  is_installed "$pkg" || still+=("$pkg")
done
[[ ${#still[@]} -eq 0 ]] || die "still not installed after apt-get: ${still[*]}"
echo "install-deps: done" >&2
