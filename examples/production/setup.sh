#!/usr/bin/env bash
# Creates, in DIR, what an operator prepares before running SignDesk in production, with a local CA
# standing in for a licensed one and SoftHSM2 standing in for the HSM:
#
#   softhsm/        a SoftHSM2 token labelled 'signdesk' (its own softhsm2.conf): the department seal
#                   key, generated in the token (it never leaves it), and the seal's certificate chain
#   ca/             a root CA and an issuing CA (openssl ca: index.txt, serials), their OCSP responders'
#                   configurations; the CA keys are encrypted with secrets/ca.password
#   certs/          every certificate as PEM: root-ca, issuing-ca, department-seal(-chain), branch-copy,
#                   tsa(-chain), ocsp, root-ocsp
#   keys/           branch-copy.p12 (the branch key) and tsa.p12 (the external TSA's key)
#   secrets/        token.pin, token-so.pin, ca.password, branch-copy.password, tsa.password and the
#                   OCSP responders' keys; mode 0600 in a 0700 directory; nothing is ever printed
#   images/         signature.png and seal.png for the seal profile's appearance
#   credentials/    api-keys.json: the API keys as salted hashes (./signdesk keys add)
#   credentials.json  one fresh API key per role, {"resident": KEY, "branch": KEY, "department": KEY,
#                   "admin": KEY} (mode 0600), for the operator to hand to the channels
#   peers.env       the loopback ports of the TSA and the OCSP responders (start-peers.sh reads it)
#   signdesk.yaml   the service's configuration (SIGNDESK_CONFIG=DIR/signdesk.yaml ./signdesk serve)
#   signdesk.env    SOFTHSM2_CONF for the token library, which ./signdesk exports from beside the
#                   configuration (as a systemd EnvironmentFile would)
#
# The signer certificates name their OCSP responder in their AIA (http://127.0.0.1:PORT), which
# start-peers.sh runs. SoftHSM2 finds the token through SOFTHSM2_CONF=DIR/softhsm/softhsm2.conf, which
# every process that opens the token (the service, pkcs11-tool) needs in its environment.
#
# Needs: openssl, pkcs11-tool (opensc), SoftHSM2, the OpenSSL PKCS#11 engine (libengine-pkcs11-openssl),
# a JDK, fonts-dejavu-core (scripts/install-deps.sh installs them) and the SignDesk jar (./signdesk).
set -euo pipefail

usage() {
  echo "usage: $0 DIR   (DIR must not exist or be empty)" >&2
  exit 1
}
die() {
  echo "setup: $*" >&2
  exit 1
}

[[ $# -eq 1 ]] || usage
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
repo=$(cd "$here/../.." && pwd)
module=/usr/lib/softhsm/libsofthsm2.so
engine=/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so

for tool in openssl pkcs11-tool java; do
  command -v "$tool" >/dev/null || die "$tool is missing: run scripts/install-deps.sh"
done
[[ -f "$module" ]] || die "SoftHSM2 ($module) is missing: run scripts/install-deps.sh"
[[ -f "$engine" ]] || die "the OpenSSL PKCS#11 engine ($engine) is missing: run scripts/install-deps.sh"
if [[ -e "$1" && -n "$(ls -A "$1" 2>/dev/null)" ]]; then
  die "$1 is not empty: give a new directory (nothing was changed)"
fi

umask 077
mkdir -p "$1"
dir=$(cd "$1" && pwd)
cd "$dir"
mkdir -p ca/root ca/issuing certs keys secrets images credentials softhsm/tokens logs
chmod 700 secrets

# --- ports on loopback that nothing listens on now ------------------------------------------------
# (read from /proc/net/tcp*, not probed: openssl ocsp stops answering after a connection that sends nothing)
listening() { # PORT: is a TCP socket listening on it?
  local hex
  hex=$(printf ':%04X' "$1")
  awk -v p="$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 20000))
    if ! listening "$port" && ! grep -q "=$port\$" peers.env 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}
: >peers.env
echo "TSA_PORT=$(free_port)" >>peers.env
echo "OCSP_PORT=$(free_port)" >>peers.env
echo "ROOT_OCSP_PORT=$(free_port)" >>peers.env
tsa_port=$(sed -n 's/^TSA_PORT=//p' peers.env)
ocsp_port=$(sed -n 's/^OCSP_PORT=//p' peers.env)
root_ocsp_port=$(sed -n 's/^ROOT_OCSP_PORT=//p' peers.env)

# --- secrets: random, written straight to owner-only files, no trailing newline ------------------
secret() { # NAME BYTES
  openssl rand -hex "$2" | tr -d '\n' >"secrets/$1"
}
# 24 hex digits for the PINs: the OpenSSL PKCS#11 engine reads at most 31 characters of a PIN file
secret token.pin 12
secret token-so.pin 12
for name in ca.password branch-copy.password tsa.password; do
  secret "$name" 16
done

# --- the CAs (openssl ca keeps index.txt, which the OCSP responders read) -------------------------
ca_config() { # NAME DAYS OCSP_PORT: the configuration of one CA in ca/NAME
  local name=$1 days=$2 port=$3
  : >"ca/$name/index.txt"
  echo 'unique_subject = no' >"ca/$name/index.txt.attr"
  cat >"ca/$name/openssl.cnf" <<EOF
[ca]
default_ca = this_ca

[this_ca]
dir = $dir/ca/$name
database = \$dir/index.txt
new_certs_dir = \$dir
certificate = $dir/certs/$name-ca.pem
private_key = $dir/ca/$name-ca.key
rand_serial = yes
default_md = sha256
default_days = $days
policy = any_dn
preserve = yes
copy_extensions = none
string_mask = utf8only
utf8 = yes

[any_dn]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied

[req]
distinguished_name = req_dn
string_mask = utf8only
utf8 = yes

[req_dn]

[root_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[issuing_ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$port

[signer]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$port

[tsa]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$port

[ocsp]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
}
ca_config root 1825 "$root_ocsp_port"
ca_config issuing 730 "$ocsp_port"

openssl req -x509 -new -config ca/root/openssl.cnf -extensions root_ca -days 3650 \
  -newkey rsa:3072 -keyout ca/root-ca.key -passout file:secrets/ca.password \
  -subj "/C=VN/O=SignDesk Example/CN=SignDesk Example Root CA" -out certs/root-ca.pem 2>logs/setup-openssl.log

issue() { # CA EXTENSIONS CSR OUT: the CA signs a request (its subject as it is)
  openssl ca -batch -notext -config "ca/$1/openssl.cnf" -extensions "$2" -passin file:secrets/ca.password \
    -in "$3" -out "$4" 2>>logs/setup-openssl.log
}
request() { # KEY_OUT PASSWORD_FILE SUBJECT CSR_OUT: a new RSA key and its request
  openssl req -new -config ca/root/openssl.cnf -newkey rsa:"${5:-2048}" -keyout "$1" -passout "file:$2" \
    -utf8 -subj "$3" -out "$4" 2>>logs/setup-openssl.log
}

request ca/issuing-ca.key secrets/ca.password "/C=VN/O=SignDesk Example/CN=SignDesk Example Issuing CA" \
  ca/issuing-ca.csr 3072
issue root issuing_ca ca/issuing-ca.csr certs/issuing-ca.pem

# the OCSP responders sign with their own keys (RFC 6960 §4.2.2.2), left unencrypted for openssl ocsp
openssl req -new -config ca/root/openssl.cnf -newkey rsa:2048 -noenc -keyout secrets/root-ocsp.key \
  -subj "/C=VN/O=SignDesk Example/CN=SignDesk Example Root OCSP Responder" -out ca/root-ocsp.csr \
  2>>logs/setup-openssl.log
issue root ocsp ca/root-ocsp.csr certs/root-ocsp.pem
openssl req -new -config ca/root/openssl.cnf -newkey rsa:2048 -noenc -keyout secrets/ocsp.key \
  -subj "/C=VN/O=SignDesk Example/CN=SignDesk Example OCSP Responder" -out ca/ocsp.csr \
  2>>logs/setup-openssl.log
issue issuing ocsp ca/ocsp.csr certs/ocsp.pem

# --- the department seal: a key generated in the token, its request signed there ------------------
cat >softhsm/softhsm2.conf <<EOF
directories.tokendir = $dir/softhsm/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
EOF
export SOFTHSM2_CONF="$dir/softhsm/softhsm2.conf"
# pkcs11-tool reads the PINs from the environment (env:NAME), never from its command line
SO_PIN=$(cat secrets/token-so.pin) USER_PIN=$(cat secrets/token.pin) bash -c '
  set -euo pipefail
  p11() { pkcs11-tool --module "'"$module"'" "$@"; }
  p11 --init-token --slot-index 0 --label signdesk --so-pin env:SO_PIN
  p11 --token-label signdesk --init-pin --login --login-type so --so-pin env:SO_PIN --new-pin env:USER_PIN
  p11 --token-label signdesk --login --pin env:USER_PIN --keypairgen --key-type rsa:3072 \
    --label department-seal --id 5e01 --usage-sign
' >logs/setup-pkcs11.log 2>&1 || die "the SoftHSM2 token could not be made (see $dir/logs/setup-pkcs11.log)"

cat >ca/pkcs11-engine.cnf <<EOF
openssl_conf = openssl_init
[openssl_init]
engines = engine_section
[engine_section]
pkcs11 = pkcs11_section
[pkcs11_section]
engine_id = pkcs11
dynamic_path = $engine
MODULE_PATH = $module
init = 0
EOF
seal_subject="/C=VN/L=Hà Nội/O=Sở Tư pháp Thành phố Hà Nội/CN=Sở Tư pháp Thành phố Hà Nội"
OPENSSL_CONF=ca/pkcs11-engine.cnf openssl req -new -engine pkcs11 -keyform engine \
  -key "pkcs11:token=signdesk;object=department-seal;type=private;pin-source=file:$dir/secrets/token.pin" \
  -utf8 -subj "$seal_subject" -out ca/department-seal.csr >>logs/setup-openssl.log 2>&1 ||
  die "the seal's certificate request could not be signed in the token (see $dir/logs/setup-openssl.log)"
issue issuing signer ca/department-seal.csr certs/department-seal.pem
cat certs/department-seal.pem certs/issuing-ca.pem certs/root-ca.pem >certs/department-seal-chain.pem

# the certificate goes into the token beside its key (same id), with its CAs, as a CA would deliver it
to_token() { # PEM LABEL ID
  openssl x509 -in "$1" -outform der -out "ca/$2.der"
  USER_PIN=$(cat secrets/token.pin) pkcs11-tool --module "$module" --token-label signdesk --login \
    --pin env:USER_PIN --write-object "ca/$2.der" --type cert --label "$2" --id "$3" >>logs/setup-pkcs11.log 2>&1 ||
    die "the certificate $2 could not be written to the token (see $dir/logs/setup-pkcs11.log)"
}
to_token certs/department-seal.pem department-seal 5e01
to_token certs/issuing-ca.pem issuing-ca ca02
to_token certs/root-ca.pem root-ca ca01

# --- PKCS#12 keys: the branch's copy stamp and the external TSA ------------------------------------
pkcs12() { # NAME EXTENSIONS SUBJECT
  request "ca/$1.key" "secrets/$1.password" "$3" "ca/$1.csr"
  issue issuing "$2" "ca/$1.csr" "certs/$1.pem"
  cat "certs/$1.pem" certs/issuing-ca.pem certs/root-ca.pem >"certs/$1-chain.pem"
  # (one password file for both -passin and -passout would give openssl its first and second line)
  P12_PASSWORD=$(cat "secrets/$1.password") openssl pkcs12 -export -name "$1" -inkey "ca/$1.key" \
    -passin "file:secrets/$1.password" -in "certs/$1.pem" -certfile <(cat certs/issuing-ca.pem certs/root-ca.pem) \
    -passout env:P12_PASSWORD -out "keys/$1.p12" 2>>logs/setup-openssl.log
  rm -f "ca/$1.key"
}
pkcs12 branch-copy signer \
  "/C=VN/L=Hà Nội/O=Trung tâm Phục vụ hành chính công Hà Nội/CN=Chi nhánh số 1 - Trung tâm Phục vụ hành chính công Hà Nội"
pkcs12 tsa tsa "/C=VN/O=SignDesk Example/CN=SignDesk Example Timestamp Authority"

# --- appearance images -------------------------------------------------------------------------------
java -Djava.awt.headless=true "$here/AppearanceImages.java" images "Sở Tư pháp Thành phố Hà Nội"

# --- the configuration ------------------------------------------------------------------------------
cat >signdesk.yaml <<EOF
# SignDesk in production, as made by examples/production/setup.sh. Relative paths are resolved
# against this file's directory. Start the peers first (start-peers.sh), then:
#   SIGNDESK_CONFIG=$dir/signdesk.yaml ./signdesk serve      (./signdesk reads signdesk.env for SOFTHSM2_CONF)
mode: production
dataDir: data
http:
  port: 8080
pkcs11:
  allowedLibraries: [$module]
profiles:
  department-seal:
    pkcs11:
      library: $module
      tokenLabel: signdesk
      keyLabel: department-seal
      pinFile: secrets/token.pin
    chainFile: certs/department-seal-chain.pem
    level: B-LTA
    appearance:
      kind: seal
      signerImage: images/signature.png
      sealImage: images/seal.png
      sealDiameterMm: 40
      lines: ["Sở Tư pháp Thành phố Hà Nội"]
      placement: {page: 1, xMm: 100, yMm: 200, widthMm: 100, heightMm: 62}
    reason: Ban hành văn bản
    location: Hà Nội
    roles: [department]
  branch-copy:
    pkcs12:
      file: keys/branch-copy.p12
      passwordFile: secrets/branch-copy.password
    level: B-LTA
    appearance: {kind: copy-stamp}
    roles: [branch]
timestamping:
  authorities:
    - url: http://127.0.0.1:$tsa_port/tsa
      policy: 1.3.6.1.4.1.55555.9.1
      hash: SHA-256
      timeoutSeconds: 10
  anchors: [certs/root-ca.pem]
trust:
  anchors: [certs/root-ca.pem]
  intermediates: [certs/issuing-ca.pem]
  bundles: [vn]
  revocation:
    online: true
    timeoutSeconds: 10
credentials:
  apiKeysFile: credentials/api-keys.json
EOF

# the token library's environment, which ./signdesk reads from beside the configuration
echo "SOFTHSM2_CONF=$dir/softhsm/softhsm2.conf" >signdesk.env

# --- API keys: one per role, only their hashes in credentials/api-keys.json ------------------------
# (the keys file is the one signdesk.yaml names in credentials.apiKeysFile)
keys_add() {
  env -u SIGNDESK_CONFIG SIGNDESK_API_KEYS_FILE="$dir/credentials/api-keys.json" \
    "$repo/signdesk" keys add --name "$1" --role "$1" 2>>logs/setup-keys.log
}
{
  printf '{'
  separator=
  for role in resident branch department admin; do
    key=$(keys_add "$role") || die "./signdesk keys add failed (see $dir/logs/setup-keys.log)"
    printf '%s\n  "%s": "%s"' "$separator" "$role" "$key"
    separator=,
  done
  printf '\n}\n'
} >credentials.json
chmod 600 credentials.json

rm -f ca/*.csr ca/*.der
cat <<EOF
SignDesk production example in $dir:
  SoftHSM2 token 'signdesk' (SOFTHSM2_CONF=$dir/softhsm/softhsm2.conf) with the key 'department-seal'
  certificates in $dir/certs (root CA: certs/root-ca.pem), PKCS#12 keys in $dir/keys
  secrets in $dir/secrets (mode 0600), API keys per role in $dir/credentials.json (mode 0600)
  TSA on 127.0.0.1:$tsa_port, OCSP responders on 127.0.0.1:$ocsp_port (issuing CA) and :$root_ocsp_port (root CA)
next:
  examples/production/start-peers.sh $dir
  SIGNDESK_CONFIG=$dir/signdesk.yaml ./signdesk serve
EOF
