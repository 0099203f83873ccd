#!/usr/bin/env bash
# Fails when `systemd-analyze verify` complains about the unit. verify exits 0 on an unknown key, so the
# check is on its output. The binary path is rewritten to /bin/true so verify can run before install.
set -euo pipefail
analyze=$1
unit=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e 's|^ExecStart=.*|ExecStart=/bin/true|' "$unit" > "$tmp/salesyncd.service"
out=$("$analyze" verify "$tmp/salesyncd.service" 2>&1 || true)
# Lines about the host (no running systemd, missing dependencies of other units) are not the unit's fault.
problems=$(printf '%s\n' "$out" | grep -v -E '^$|Failed to (connect|prepare filename)|not found|multi-user.target|network-online.target|Cannot add dependency|System has not been booted' || true)
if [ -n "$problems" ]; then
  printf 'systemd-analyze verify reported:\n%s\n' "$problems" >&2
  exit 1
fi
echo "salesyncd.service: verify clean"
