#!/usr/bin/env bash
# Runs one of the portal's commands with the deployment's settings, as the instances read them, from the project root:
#   deploy/portal-cmd.sh /etc/portal/portal.env npm run db:migrate
#   deploy/portal-cmd.sh /etc/portal/portal.env npm run staff:create -- --email admin@example.org --role admin
# Without the settings, a command run by hand would not see DATABASE_URL and would work on an embedded database of
# its own instead of the deployment's.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: deploy/portal-cmd.sh ENV_FILE COMMAND [ARG...]" >&2; exit 2; }
env_file=$1
shift
[ -r "$env_file" ] || { echo "portal-cmd.sh: cannot read $env_file" >&2; exit 1; }
cd "$(dirname "$0")/.."
# shellcheck source=portal-env.sh
source deploy/portal-env.sh
load_portal_env "$env_file"
export NODE_ENV=production
exec "$@"
