#!/usr/bin/env bash
# Starts the production build on a fresh, seeded embedded database for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT="${1:-3200}"
export PGLITE_DATA_DIR=".data/e2e-pglite"
unset DATABASE_URL
rm -rf "$PGLITE_DATA_DIR"
timeout 300 npm run --silent db:setup
exec npm start
