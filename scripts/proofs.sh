#!/usr/bin/env bash
# The proof suite alone (docs/proofs.md): crash safety (200 killed writes), concurrency (20 writers), the bad-input
# matrix, and secrets at -vvv with ANSIBLE_DEBUG=1. Sets everything up first (scripts/setup.sh); extra arguments go
# to pytest (e.g. -k secrets).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${MQSTIG_VENV:-$ROOT/.venv}
bash "$ROOT/scripts/setup.sh"
export ANSIBLE_COLLECTIONS_PATH=$ROOT/.build/collections PATH=$VENV/bin:$PATH
cd "$ROOT/.build/src/ansible_collections/mqstig/tls"
PYTHONPATH="$ROOT/.build/src" python -m pytest -p no:cacheprovider -v -s --confcutdir tests tests/proofs "$@"
