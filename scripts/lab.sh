#!/usr/bin/env bash
# Set up (scripts/setup.sh), then run the main job on the built-in lab: lab/site.yml.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${MQSTIG_VENV:-$ROOT/.venv}
bash "$ROOT/scripts/setup.sh"
export ANSIBLE_COLLECTIONS_PATH=$ROOT/.build/collections
export ANSIBLE_CONFIG=$ROOT/lab/ansible.cfg
cd "$ROOT/lab"
exec "$VENV/bin/ansible-playbook" -i inventory.yml site.yml "$@"
