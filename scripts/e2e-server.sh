#!/usr/bin/env bash
# Starts the production build on a fresh, seeded embedded database for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT="${1:-3200}"
# Each server its own database directory, so that servers on other ports (another run, or a second server of this
# one) never share one.
export PGLITE_DATA_DIR=".data/e2e-pglite-$PORT"
# Links in emails point at this server.
export SITE_URL="http://127.0.0.1:${PORT}"
unset DATABASE_URL DATABASE_URL_FILE
# Browser tests start many applications from one address; the limits themselves are tested apart.
export RATE_LIMIT_START_PER_IP=1000 RATE_LIMIT_START_PER_EMAIL=100 RATE_LIMIT_SUBMIT_PER_IP=1000
export RATE_LIMIT_SIGN_IN_PER_IP=1000
# Sign-in tests act from several client addresses, each browser context naming its own in X-Forwarded-For.
export TRUST_PROXY=true
rm -rf "$PGLITE_DATA_DIR"
timeout 300 npm run --silent db:setup
NODE_ENV=development timeout 120 npm run --silent db:demo >/dev/null
# Fresh secrets each run, as production requires them.
# shellcheck source=lib/dev-secrets.sh
source scripts/lib/dev-secrets.sh
rm -rf ".data/e2e-secrets-$PORT"
use_dev_secrets ".data/e2e-secrets-$PORT"
exec npm start
