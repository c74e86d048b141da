#!/usr/bin/env bash
# Set up (scripts/setup.sh), then run the main job on the built-in lab: lab/site.yml.
# Extra arguments go to ansible-playbook (e.g. -v, --diff). Whatever happens, the lab queue manager's REST API is
# stopped at the end (site.yml stops it too; this covers a run that fails half way).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${MQSTIG_VENV:-$ROOT/.venv}
bash "$ROOT/scripts/setup.sh"
export ANSIBLE_COLLECTIONS_PATH=$ROOT/.build/collections
export ANSIBLE_CONFIG=$ROOT/lab/ansible.cfg
# Whatever happens, stop the lab's servers (the queue managers' REST APIs and the emulated appliance).
stop_lab_rest() {
    local state
    for state in "$ROOT"/lab/run/lab-qmgr-state "$ROOT"/lab/run/*/qmgr-state; do
        if [[ -f "$state/rest.json" ]]; then
            PYTHONPATH="$ROOT/tests/integration/targets/setup_mq_lab_qmgr/files" "$VENV/bin/python" -m mq_lab_qmgr \
                stop-rest --state "$state" >/dev/null || true
        fi
    done
    for state in "$ROOT"/lab/run/*/appliance-state; do
        if [[ -f "$state/emu.json" ]]; then
            PYTHONPATH="$ROOT/tests/integration/targets/setup_mq_appliance/files" "$VENV/bin/python" -m mq_appliance_emu \
                stop --state "$state" >/dev/null || true
        fi
    done
}
trap stop_lab_rest EXIT
cd "$ROOT/lab"
"$VENV/bin/ansible-playbook" -i inventory.yml site.yml "$@"
