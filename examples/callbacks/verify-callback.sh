#!/usr/bin/env bash
# Checks a SignDesk job completion callback, as its receiver should before trusting it.
#
#   verify-callback.sh SECRET TIMESTAMP SIGNATURE BODY_FILE [MAX_AGE_SECONDS]
#
# SECRET     the callback secret (`./signdesk callbacks secret`)
# TIMESTAMP  the X-SignDesk-Timestamp header (Unix seconds)
# SIGNATURE  the X-SignDesk-Signature header (sha256=HEX)
# BODY_FILE  the request body, byte for byte as received
# MAX_AGE_SECONDS  refuse a notification older than this (default 300; 0 = do not check the age)
#
# Exit 0 when the signature is HMAC-SHA256(SECRET, TIMESTAMP + "." + BODY) and the notification
# is recent; exit 1 (with the reason on stderr) otherwise; exit 2 on a usage error.
set -euo pipefail

if [[ $# -lt 4 || $# -gt 5 ]]; then
  echo "usage: $0 SECRET TIMESTAMP SIGNATURE BODY_FILE [MAX_AGE_SECONDS]" >&2
  exit 2
fi
secret=$1 timestamp=$2 signature=$3 body=$4 max_age=${5:-300}

if [[ ! $timestamp =~ ^[0-9]{1,12}$ ]]; then
  echo "refused: the timestamp is not a number of seconds" >&2
  exit 1
fi
if [[ ! $signature =~ ^sha256=[0-9a-f]{64}$ ]]; then
  echo "refused: the signature is not sha256=HEX" >&2
  exit 1
fi
if (( max_age > 0 )); then
  age=$(( $(date +%s) - timestamp ))
  if (( age > max_age || age < -max_age )); then
    echo "refused: the notification is ${age} s old (more than ${max_age})" >&2
    exit 1
  fi
fi

# the signed text is TIMESTAMP "." BODY, hashed as bytes (the body may hold any UTF-8)
expected=$( { printf '%s.' "$timestamp"; cat -- "$body"; } \
  | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)

# compare every character, whatever the first difference (no early exit on a prefix)
given=${signature#sha256=}
diff=0
for (( i = 0; i < 64; i++ )); do
  [[ ${expected:i:1} == "${given:i:1}" ]] || diff=1
done
if (( diff != 0 )); then
  echo "refused: the signature does not match the body and timestamp" >&2
  exit 1
fi
echo "genuine"
