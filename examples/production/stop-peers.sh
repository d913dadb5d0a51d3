#!/usr/bin/env bash
# Stops the peers that start-peers.sh started for DIR: each PID of DIR/peers.pids that is still one
# of them (a SignDesk TSA or an openssl ocsp responder) gets SIGTERM, then SIGKILL after 20 s.
set -euo pipefail

[[ $# -eq 1 ]] || {
  echo "usage: $0 DIR" >&2
  exit 1
}
dir=$(cd "$1" && pwd)
pids="$dir/peers.pids"
if [[ ! -f "$pids" ]]; then
  echo "stop-peers: no peers recorded in $pids"
  exit 0
fi

ours() { # PID: alive, and the command we started (a PID may have been reused since)
  [[ -r "/proc/$1/cmdline" ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qE 'signdesk\.jar tsa serve|openssl ocsp'
}

stopping=()
while read -r pid; do
  [[ "$pid" =~ ^[0-9]+$ ]] || continue
  if ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    stopping+=("$pid")
  fi
done <"$pids"

deadline=$((SECONDS + 20))
for pid in "${stopping[@]}"; do
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null && ours "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
done
rm -f "$pids"
echo "stop-peers: stopped ${#stopping[@]} peer(s)"
