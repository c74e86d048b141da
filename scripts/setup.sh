#!/usr/bin/env bash
# Set up everything the lab and the tests need, idempotently:
#   1. Debian packages from tests/system-packages.txt (installed with apt-get when run as root)
#   2. the virtual environment .venv with tests/requirements.txt (exact versions)
#   3. the offline pip bootstrap for `ansible-test --venv` (tests/airgap/get_pip.py)
#   4. the collection: built with ansible-galaxy, installed into .build/collections,
#      and a source copy at .build/src/ansible_collections/mqstig/tls for ansible-test
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${MQSTIG_VENV:-$ROOT/.venv}
PYTHON=${PYTHON:-python3}
BUILD=$ROOT/.build

log() { printf '[setup] %s\n' "$*"; }

system_packages() {
    local wanted=() missing=() pkg
    while read -r pkg _; do
        [[ -z "$pkg" || "$pkg" == \#* ]] && continue
        wanted+=("$pkg")
    done < "$ROOT/tests/system-packages.txt"
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        log "installing Debian packages: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        log "WARNING: missing Debian packages (install them as root): ${missing[*]}"
    fi
}

python_env() {
    if [[ ! -x "$VENV/bin/python" ]]; then
        log "creating virtual environment $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/.mqstig-requirements"
    local want
    want=$(cat "$ROOT/requirements.txt" "$ROOT/tests/requirements.txt" | sha256sum | cut -d' ' -f1)
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
        log "installing Python requirements into $VENV"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
            -r "$ROOT/requirements.txt" -r "$ROOT/tests/requirements.txt"
        echo "$want" > "$stamp"
    fi
}

pip_bootstrap() {
    # ansible-test looks for ~/.ansible/test/cache/get_pip_<version>.py before downloading one.
    local version
    version=$("$VENV/bin/python" - <<'PY'
import pathlib, re, ansible_test
text = (pathlib.Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py").read_text()
print(re.search(r"pip='([0-9.]+)'", text).group(1))
PY
)
    local cache="$HOME/.ansible/test/cache"
    mkdir -p "$cache"
    install -m 0644 "$ROOT/tests/airgap/get_pip.py" "$cache/get_pip_${version//./_}.py"
}

collection() {
    local src="$BUILD/src/ansible_collections/mqstig/tls"
    rm -rf "$BUILD/src" "$BUILD/dist"
    mkdir -p "$src" "$BUILD/dist" "$BUILD/collections"
    # The files of the project as a git checkout would have them (tracked and new, not ignored).
    if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        (cd "$ROOT" && git ls-files -z -co --exclude-standard | xargs -0 -r tar -cf - --) | tar -xf - -C "$src"
    else
        (cd "$ROOT" && tar -cf - --exclude=./.venv --exclude=./.build --exclude=./.git .) | tar -xf - -C "$src"
    fi
    # ansible-test lists a tree's files with git; .build is ignored by the outer checkout, so
    # the copy gets an index of its own.
    git -C "$src" init -q && git -C "$src" add -A
    "$VENV/bin/ansible-galaxy" collection build --force --output-path "$BUILD/dist" "$src" >/dev/null
    ANSIBLE_COLLECTIONS_PATH="$BUILD/collections" "$VENV/bin/ansible-galaxy" collection install --offline --force -p "$BUILD/collections" \
        "$BUILD"/dist/mqstig-tls-*.tar.gz >/dev/null
    log "collection built ($(basename "$BUILD"/dist/mqstig-tls-*.tar.gz)) and installed into $BUILD/collections"
}

system_packages
python_env
pip_bootstrap
collection
