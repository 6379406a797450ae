#!/usr/bin/env bash
# One command from a fresh clone to a running portal with the published facts on the embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "==> Installing dependencies"
  npm ci
fi

if [ ! -f .next/BUILD_ID ] || [ -n "$(find src runtime prisma public next.config.ts package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  echo "==> Building for production"
  npm run build
fi

echo "==> Preparing the database (${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-embedded, in ${PGLITE_DATA_DIR:-.data/pglite}})"
timeout 300 npm run --silent db:setup

# Demo staff accounts, one per role (listed in the README); db:demo refuses in production mode.
NODE_ENV=development timeout 120 npm run --silent db:demo

# Staff sessions are signed with AUTH_SECRET; a local one is made once and kept beside the database.
if [ -z "${AUTH_SECRET:-}" ]; then
  mkdir -p .data
  [ -s .data/auth-secret ] || (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))' > .data/auth-secret)
  AUTH_SECRET="$(cat .data/auth-secret)"
  export AUTH_SECRET
fi

# Links in mail and the staff sign-in redirects are built from SITE_URL: point it at this server's port.
export SITE_URL="${SITE_URL:-http://localhost:${PORT:-3000}}"
echo "==> Starting the portal on ${SITE_URL}"
exec npm start
