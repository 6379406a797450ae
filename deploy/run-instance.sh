#!/usr/bin/env bash
# Starts one portal instance (runtime/server.mjs) in production mode from the project root. systemd's portal@.service
# runs it with the settings in its EnvironmentFile; scripts/load.sh runs it with its own file as the argument.
#   deploy/run-instance.sh [ENV_FILE]
# The port is PORTAL_INSTANCE_PORT when set (the unit sets it from the instance name, so a PORT line in the settings
# cannot put every instance on one port), else PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=portal-env.sh
source deploy/portal-env.sh
[ $# -eq 0 ] || load_portal_env "$1"
[ -z "${PORTAL_INSTANCE_PORT:-}" ] || export PORT="$PORTAL_INSTANCE_PORT"
: "${PORT:?PORT must be set: the port this instance listens on}"
[ -f .next/BUILD_ID ] || { echo "No production build in $(pwd)/.next: run npm run build first." >&2; exit 1; }
export NODE_ENV=production
exec node runtime/server.mjs
