# Sourced by scripts/load.sh and scripts/bench-submit.sh, which start each server in its own session (setsid), so that
# its id is its process group's: stop_group PGID [SECONDS] sends TERM to the whole group, waits up to SECONDS
# (default 10) for it to exit, then KILLs what is left.
stop_group() {
  local pgid=$1 tries=$(((${2:-10}) * 5))
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for _ in $(seq 1 "$tries"); do
    kill -0 -- "-$pgid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}
