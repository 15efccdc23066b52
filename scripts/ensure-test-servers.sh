#!/usr/bin/env bash
# Before `npm test`: the suite starts its own redis-server and Postgres 15 in temporary directories, so
# it needs their binaries (and chrt). Installs what is missing from Debian's packages when run as root; otherwise
# says what to install. Quiet when everything is there.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
# The recording worker's SCHED_IDLE, which its tests check, is set with chrt.
command -v chrt >/dev/null 2>&1 || missing+=(util-linux)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need: ${missing[*]}. Install them, e.g.: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing test servers: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
