# shellcheck shell=bash
# Sourced first by every script here, which then runs under `set -Eeuo
# pipefail`: a command that fails, even inside a command substitution or a
# function, ends the script with a line saying what failed, where, and which
# log to read. A script never exits non-zero without saying why.
#
#   ON_ERROR_NAME   the script's name in the message (default: its file name)
#   ON_ERROR_LOG    the log to read, once the script has one (optional)

ON_ERROR_NAME=${ON_ERROR_NAME:-$(basename "$0" .sh)}

on_error() { # status, line, command, file
  local status=$1 line=$2 command=$3 file=$4
  # Once per process: a failure inside a function is not reported again where the function was called.
  [ "${ON_ERROR_REPORTED:-}" = "$BASHPID" ] && return 0
  ON_ERROR_REPORTED=$BASHPID
  # A command substitution reports inside its subshell; the assignment that
  # used it reports again, one line further out: both are worth reading.
  printf "%s: error: '%s' failed (exit %s) at %s:%s%s\n" \
    "$ON_ERROR_NAME" "$command" "$status" "${file#"$PWD"/}" "$line" "${ON_ERROR_LOG:+; see $ON_ERROR_LOG}" >&2
}

trap 'on_error "$?" "$LINENO" "$BASH_COMMAND" "${BASH_SOURCE[0]:-$0}"' ERR
