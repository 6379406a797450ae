# Sourced by deploy/run-instance.sh and deploy/portal-cmd.sh: exports the settings of an env file read literally, as
# systemd's EnvironmentFile reads it (NAME=value lines, no quotes, no expansion; # starts a comment), so a value like
# `MAIL_FROM=Portal <no-reply@example.org>` that a shell would take for a redirection is read as it is written.
load_portal_env() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    export "${line%%=*}=${line#*=}"
  done <"$1"
}
