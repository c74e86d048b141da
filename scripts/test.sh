#!/usr/bin/env bash
# Run every test of the collection: ansible-test sanity, unit tests (pytest), interop tests, the proof suite
# (crash safety, concurrency, bad input, secrets), integration tests
# (ansible-test) and ansible-lint (production profile). Sets everything up first (scripts/setup.sh).
# Every suite runs even when an earlier one fails; the exit status is 0 only when all pass.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${MQSTIG_VENV:-$ROOT/.venv}
SRC=$ROOT/.build/src/ansible_collections/mqstig/tls
export MQSTIG_STIG_DIR=${MQSTIG_STIG_DIR:-$ROOT/tests/fixtures/stig}
export MQSTIG_SAMPLES_DIR=${MQSTIG_SAMPLES_DIR:-$ROOT/../shared/reference/mq-output-samples}
export ANSIBLE_COLLECTIONS_PATH=$ROOT/.build/collections
export PATH=$VENV/bin:$PATH
export ANSIBLE_FORCE_COLOR=0 PY_COLORS=0

bash "$ROOT/scripts/setup.sh" || { echo "setup failed"; exit 1; }

declare -a NAMES=() RESULTS=() SECONDS_TAKEN=()
run() {
    local name=$1; shift
    local start=$SECONDS rc
    printf '\n=== %s: %s\n' "$name" "$*"
    "$@"
    rc=$?
    NAMES+=("$name"); SECONDS_TAKEN+=($((SECONDS - start)))
    if [[ $rc -eq 0 ]]; then RESULTS+=("PASS"); else RESULTS+=("FAIL (exit $rc)"); fi
}

cd "$SRC" || exit 1
run sanity ansible-test sanity --venv --python 3.11 --color no
run units env PYTHONPATH="$ROOT/.build/src" python -m pytest -p no:cacheprovider -q --confcutdir tests tests/unit
run interop env PYTHONPATH="$ROOT/.build/src" python -m pytest -p no:cacheprovider -q --confcutdir tests tests/interop
run proofs env PYTHONPATH="$ROOT/.build/src" python -m pytest -p no:cacheprovider -q --confcutdir tests tests/proofs
run integration ansible-test integration --local --python 3.11 --color no
run docs sh -c 'ansible-doc -t module mqstig.tls.mq_keyrepo mqstig.tls.mq_cert mqstig.tls.mq_csr_sign mqstig.tls.mq_channel mqstig.tls.mq_qmgr mqstig.tls.mq_chlauth mqstig.tls.mq_channel_info mqstig.tls.mq_qmgr_info mqstig.tls.mq_client_config mqstig.tls.mq_appliance_cert > /dev/null && ansible-doc -t role mqstig.tls.mq_certificate mqstig.tls.mq_client_endpoint mqstig.tls.mq_queue_manager mqstig.tls.mq_stig > /dev/null && ansible-doc -t callback mqstig.tls.stig_report > /dev/null'
run ansible-lint ansible-lint --profile production --offline

printf '\n=== summary\n'
status=0
for i in "${!NAMES[@]}"; do
    printf '  %-12s %-16s %5ss\n' "${NAMES[$i]}" "${RESULTS[$i]}" "${SECONDS_TAKEN[$i]}"
    [[ ${RESULTS[$i]} == PASS ]] || status=1
done
exit $status
