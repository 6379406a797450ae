#!/usr/bin/env bash
# Starts one portal instance (runtime/server.mjs) in production mode from the project root. systemd's portal@.service
# runs it with the settings in its EnvironmentFile; scripts/load.sh runs it with its own file as the argument.
#   deploy/run-instance.sh [ENV_FILE]     PORT must be set (the unit sets it from the instance name)
# ENV_FILE holds NAME=value lines, read literally as systemd reads them: no quotes, no expansion; # starts a comment.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    export "${line%%=*}=${line#*=}"
  done <"$1"
fi
: "${PORT:?PORT must be set: the port this instance listens on}"
[ -f .next/BUILD_ID ] || { echo "No production build in $(pwd)/.next: run npm run build first." >&2; exit 1; }
export NODE_ENV=production
exec node runtime/server.mjs
