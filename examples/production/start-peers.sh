#!/usr/bin/env bash
# Starts the services a production SignDesk talks to, for the example that setup.sh made in DIR:
#
#   - an external RFC 3161 timestamp authority: SignDesk's own TSA run as a separate process
#     (./signdesk tsa serve) with the TSA key of DIR/keys/tsa.p12, on http://127.0.0.1:TSA_PORT/tsa
#   - the OCSP responder of the issuing CA: openssl ocsp over DIR/ca/issuing/index.txt, signing with
#     its delegated responder key (the signer, TSA and OCSP certificates point at it)
#   - the OCSP responder of the root CA, for the issuing CA's own certificate
#
# Ports come from DIR/peers.env. The PIDs go to DIR/peers.pids, one per line (TSA, issuing CA's OCSP,
# root CA's OCSP); logs to DIR/logs/. It returns once all three answer a real request (a timestamp
# that openssl ts -verify accepts, an OCSP status 'good'), or stops what it started and fails.
# A certificate revoked with revoke.sh DIR NAME is reported revoked from then on (openssl ocsp
# re-reads a changed index.txt). openssl ocsp listens on every interface (it has no option to bind
# one address); the TSA listens on 127.0.0.1 only. stop-peers.sh DIR stops them.
set -euo pipefail

die() {
  echo "start-peers: $*" >&2
  exit 1
}

[[ $# -eq 1 ]] || die "usage: $0 DIR (a directory made by setup.sh)"
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
repo=$(cd "$here/../.." && pwd)
dir=$(cd "$1" && pwd)
[[ -f "$dir/peers.env" && -f "$dir/keys/tsa.p12" ]] || die "$dir was not made by setup.sh"
cd "$dir"
port() {
  sed -n "s/^$1=\\([0-9]*\\)\$/\\1/p" peers.env
}
tsa_port=$(port TSA_PORT)
ocsp_port=$(port OCSP_PORT)
root_ocsp_port=$(port ROOT_OCSP_PORT)
[[ -n "$tsa_port" && -n "$ocsp_port" && -n "$root_ocsp_port" ]] || die "peers.env lacks a port"

if [[ -f peers.pids ]]; then
  while read -r pid; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      die "peers are already running (peers.pids: $pid is alive); stop them with stop-peers.sh $dir"
    fi
  done <peers.pids
  rm -f peers.pids
fi

umask 077
mkdir -p logs
: >peers.pids

# SignDesk's TSA, as its own process with its own key (./signdesk execs the JVM: $! is its PID)
nohup env -u SIGNDESK_CONFIG "$repo/signdesk" tsa serve --p12 keys/tsa.p12 --password-file secrets/tsa.password \
  --host 127.0.0.1 --port "$tsa_port" --policy 1.3.6.1.4.1.55555.9.1 >logs/tsa.log 2>&1 &
echo $! >>peers.pids

# openssl ocsp: -nrequest not given (unlimited), responses valid for a day
nohup openssl ocsp -index ca/issuing/index.txt -CA certs/issuing-ca.pem -rsigner certs/ocsp.pem \
  -rkey secrets/ocsp.key -port "$ocsp_port" -ndays 1 >logs/ocsp.log 2>&1 &
echo $! >>peers.pids
nohup openssl ocsp -index ca/root/index.txt -CA certs/root-ca.pem -rsigner certs/root-ocsp.pem \
  -rkey secrets/root-ocsp.key -port "$root_ocsp_port" -ndays 1 >logs/root-ocsp.log 2>&1 &
echo $! >>peers.pids

fail() {
  "$here/stop-peers.sh" "$dir" >/dev/null 2>&1 || true
  die "$1"
}

tsa_answers() {
  openssl ts -query -data signdesk.yaml -sha256 -cert -out logs/probe.tsq 2>/dev/null &&
    curl -sf --max-time 5 -H 'Content-Type: application/timestamp-query' --data-binary @logs/probe.tsq \
      "http://127.0.0.1:$tsa_port/tsa" -o logs/probe.tsr &&
    openssl ts -verify -in logs/probe.tsr -queryfile logs/probe.tsq -CAfile certs/root-ca.pem \
      -untrusted certs/tsa-chain.pem >/dev/null 2>&1
}
ocsp_good() { # ISSUER CERT PORT: the response is signed by an authorised responder and says good
  local answer
  answer=$(openssl ocsp -issuer "$1" -cert "$2" -url "http://127.0.0.1:$3" -CAfile certs/root-ca.pem \
    -verify_other certs/issuing-ca.pem -timeout 5 2>&1) || return 1
  grep -q "^Response verify OK" <<<"$answer" && grep -q ": good$" <<<"$answer"
}

deadline=$((SECONDS + 120))
pending="tsa ocsp root-ocsp"
while [[ -n "$pending" ]]; do
  still=
  for peer in $pending; do
    case $peer in
      tsa) tsa_answers || still+=" tsa" ;;
      ocsp) ocsp_good certs/issuing-ca.pem certs/department-seal.pem "$ocsp_port" || still+=" ocsp" ;;
      root-ocsp) ocsp_good certs/root-ca.pem certs/issuing-ca.pem "$root_ocsp_port" || still+=" root-ocsp" ;;
    esac
  done
  pending=${still# }
  [[ -z "$pending" ]] && break
  while read -r pid; do
    kill -0 "$pid" 2>/dev/null || fail "a peer stopped (PID $pid); see $dir/logs/ (tsa.log, ocsp.log, root-ocsp.log)"
  done <peers.pids
  ((SECONDS < deadline)) || fail "no answer within 120 s from: $pending; see $dir/logs/"
  sleep 0.5
done
rm -f logs/probe.tsq logs/probe.tsr

cat <<EOF
peers running (PIDs in $dir/peers.pids):
  TSA                  http://127.0.0.1:$tsa_port/tsa
  OCSP (issuing CA)    http://127.0.0.1:$ocsp_port
  OCSP (root CA)       http://127.0.0.1:$root_ocsp_port
stop them with: examples/production/stop-peers.sh $dir
EOF
