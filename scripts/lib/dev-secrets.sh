# Throwaway secrets for the servers that development and tests start in production mode, which refuses to start
# without them. A deployment sets its own (docs/operations.md).
#   source scripts/lib/dev-secrets.sh
#   make_dev_secrets DIR   # DIR/auth-secret and DIR/open-data-signing-key.pem, made once, private
#   use_dev_secrets DIR    # the same, exported as AUTH_SECRET and OPEN_DATA_SIGNING_KEY unless either (or its _FILE) is
#                          # set; as values, so that Next.js, which never overrides a set variable, leaves a .env's aside

make_dev_secrets() {
  local dir=$1
  mkdir -p "$dir"
  [ -s "$dir/auth-secret" ] ||
    (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))' >"$dir/auth-secret")
  [ -s "$dir/open-data-signing-key.pem" ] ||
    (umask 077 && node -e 'process.stdout.write(require("crypto").generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }))' \
      >"$dir/open-data-signing-key.pem")
}

use_dev_secrets() {
  local dir
  make_dev_secrets "$1"
  dir="$(cd "$1" && pwd)"
  if [ -z "${AUTH_SECRET:-}" ] && [ -z "${AUTH_SECRET_FILE:-}" ]; then
    AUTH_SECRET="$(cat "$dir/auth-secret")"
    export AUTH_SECRET
  fi
  if [ -z "${OPEN_DATA_SIGNING_KEY:-}" ] && [ -z "${OPEN_DATA_SIGNING_KEY_FILE:-}" ]; then
    OPEN_DATA_SIGNING_KEY="$(cat "$dir/open-data-signing-key.pem")"
    export OPEN_DATA_SIGNING_KEY
  fi
}
