#!/usr/bin/env bash
# One command from a fresh clone to a running portal with the published facts on the embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "==> Installing dependencies"
  npm ci
fi

# The build includes the bundled commands in dist/ (db:setup, db:demo ...), made from src, prisma and scripts.
if [ ! -f .next/BUILD_ID ] || [ ! -f dist/db-setup.mjs ] ||
  [ -n "$(find src runtime prisma public scripts/*.ts scripts/build-scripts.mjs next.config.ts package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  echo "==> Building for production"
  npm run build
fi

echo "==> Preparing the database (${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-embedded, in ${PGLITE_DATA_DIR:-.data/pglite}})"
timeout 300 npm run --silent db:setup

# Demo staff accounts, one per role (listed in the README); db:demo refuses in production mode.
NODE_ENV=development timeout 120 npm run --silent db:demo

# The production server needs the secrets a deployment sets: local ones are made once and kept beside the database
# (.data/auth-secret, .data/open-data-signing-key.pem), unless AUTH_SECRET or OPEN_DATA_SIGNING_KEY is set.
# shellcheck source=lib/dev-secrets.sh
source scripts/lib/dev-secrets.sh
use_dev_secrets .data

# Links in mail and the staff sign-in redirects are built from SITE_URL: point it at this server's port.
export SITE_URL="${SITE_URL:-http://localhost:${PORT:-3000}}"
echo "==> Starting the portal on ${SITE_URL}"
exec npm start
