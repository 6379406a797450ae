#!/usr/bin/env bash
# One command from a fresh clone to a running portal with the published facts on the embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "==> Installing dependencies"
  npm ci
fi

if [ ! -f .next/BUILD_ID ] || [ -n "$(find src prisma public next.config.ts package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  echo "==> Building for production"
  npm run build
fi

echo "==> Preparing the database (${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-embedded, in ${PGLITE_DATA_DIR:-.data/pglite}})"
timeout 300 npm run --silent db:setup

echo "==> Starting the portal on http://localhost:${PORT:-3000}"
exec npm start
