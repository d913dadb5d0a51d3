#!/usr/bin/env bash
# Revokes a certificate of the example that setup.sh made in DIR, as its CA would:
#   revoke.sh DIR NAME     NAME: department-seal, branch-copy, tsa (issuing CA) or issuing-ca (root CA)
# The CA's index.txt records it (reason keyCompromise); the OCSP responder of start-peers.sh reports it
# from then on. openssl ocsp re-reads a changed index.txt only when a request arrives, and answers that
# one from the old index; so, when the responder runs, one status request is made here first and the
# next answer is checked to say 'revoked'.
set -euo pipefail

die() {
  echo "revoke: $*" >&2
  exit 1
}

[[ $# -eq 2 ]] || die "usage: $0 DIR NAME (department-seal, branch-copy, tsa or issuing-ca)"
dir=$(cd "$1" && pwd)
name=$2
case $name in
  department-seal | branch-copy | tsa) ca=issuing issuer=certs/issuing-ca.pem port_name=OCSP_PORT ;;
  issuing-ca) ca=root issuer=certs/root-ca.pem port_name=ROOT_OCSP_PORT ;;
  *) die "unknown certificate '$name' (department-seal, branch-copy, tsa or issuing-ca)" ;;
esac
cd "$dir"
[[ -f "certs/$name.pem" && -f "ca/$ca/openssl.cnf" ]] || die "$dir was not made by setup.sh"

openssl ca -config "ca/$ca/openssl.cnf" -passin file:secrets/ca.password -revoke "certs/$name.pem" \
  -crl_reason keyCompromise >>logs/revoke.log 2>&1 || die "openssl ca could not revoke $name (see $dir/logs/revoke.log)"
echo "revoke: $name revoked in ca/$ca/index.txt"

port=$(sed -n "s/^$port_name=\\([0-9]*\\)\$/\\1/p" peers.env)
# (not probed with an empty connection: openssl ocsp stops answering after one that sends nothing)
running=false
if [[ -f peers.pids ]]; then
  while read -r pid; do
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && running=true
  done <peers.pids
fi
if $running; then
  status() {
    openssl ocsp -issuer "$issuer" -cert "certs/$name.pem" -url "http://127.0.0.1:$port" -CAfile certs/root-ca.pem \
      -verify_other certs/issuing-ca.pem -timeout 5 2>/dev/null | sed -n "s|^certs/$name.pem: ||p"
  }
  status >/dev/null || true
  answer=$(status)
  [[ "$answer" == revoked ]] || die "the OCSP responder on port $port still answers '$answer' for $name"
  echo "revoke: the OCSP responder on port $port answers 'revoked'"
fi
