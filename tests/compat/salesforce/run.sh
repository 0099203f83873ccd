#!/usr/bin/env bash
# Starts the built salesync-sandbox (Salesforce over HTTPS with a throwaway CA) and runs compat.js with
# jsforce from this folder's package-lock.json. Usage: run.sh PATH/TO/salesync-sandbox
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sandbox=${1:?usage: run.sh PATH/TO/salesync-sandbox}
command -v node >/dev/null || { echo "error: node is missing (scripts/lib/common.sh installs nodejs and npm)" >&2; exit 1; }
if [ ! -f "$here/node_modules/jsforce/package.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
work=$(mktemp -d)
coproc SANDBOX { exec "$sandbox" --salesforce 127.0.0.1:0 --tls-dir "$work/tls" --people 12000 \
  --salesforce-redirect-uri http://127.0.0.1:9/jsforce/callback --salesforce-auto-approve 2>"$work/sandbox.stderr"; }
pid=$SANDBOX_PID
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
if ! read -r -t 60 line <&"${SANDBOX[0]}"; then
  echo "error: salesync-sandbox printed no JSON line" >&2
  cat "$work/sandbox.stderr" >&2
  exit 1
fi
NODE_EXTRA_CA_CERTS="$work/tls/ca.pem" node "$here/compat.js" "$line"
