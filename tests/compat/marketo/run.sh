#!/usr/bin/env bash
# Starts the built salesync-sandbox (Marketo over HTTPS with a throwaway CA) and runs compat.js with
# node-marketo-rest from this folder's package-lock.json. Usage: run.sh PATH/TO/salesync-sandbox
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sandbox=${1:?usage: run.sh PATH/TO/salesync-sandbox}
command -v node >/dev/null || { echo "error: node is missing (scripts/lib/common.sh installs nodejs and npm)" >&2; exit 1; }
if [ ! -f "$here/node_modules/node-marketo-rest/package.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
work=$(mktemp -d)
coproc SANDBOX { exec "$sandbox" --marketo 127.0.0.1:0 --tls-dir "$work/tls" --people 8000 \
  --activities-per-person 2 2>"$work/sandbox.stderr"; }
pid=$SANDBOX_PID
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
if ! read -r -t 60 line <&"${SANDBOX[0]}"; then
  echo "error: salesync-sandbox printed no JSON line" >&2
  cat "$work/sandbox.stderr" >&2
  exit 1
fi
NODE_EXTRA_CA_CERTS="$work/tls/ca.pem" node "$here/compat.js" "$line"
