# Sourced by scripts/bench.sh and scripts/load.sh. The caller declares step_pid and, in its exit trap, sends
# TERM to a step still running: `[[ -z "$step_pid" ]] || kill -TERM "$step_pid"`.

# Runs a step under a time limit, in the background so that a signal reaches the traps at once.
bounded() {
  local seconds=$1 status=0
  shift
  timeout "$seconds" "$@" &
  step_pid=$!
  wait "$step_pid" || status=$?
  step_pid=""
  return "$status"
}
