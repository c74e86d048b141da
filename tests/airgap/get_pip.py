# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the pip bootstrap script that `ansible-test --venv` downloads.

ansible-test runs ~/.ansible/test/cache/get_pip_<version>.py inside each new virtual
environment, with pip install arguments (e.g. `--disable-pip-version-check pip==24.2
--no-setuptools --no-wheel`). The original downloads from a host that air-gapped sites
cannot reach. This script bootstraps pip from the interpreter's own bundled wheel
(`ensurepip`) and then runs `pip install` with the same arguments against whatever package
index pip is configured for (PIP_INDEX_URL, pip.conf: a PyPI mirror or a local wheel
directory). scripts/setup.sh installs it under the name ansible-test looks for.
"""

import subprocess
import sys


def main(argv):
    args = [a for a in argv if a not in ("--no-setuptools", "--no-wheel")]
    # ensurepip installs only pip (no setuptools or wheel) from the wheel bundled with Python.
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"])
    subprocess.check_call([sys.executable, "-m", "pip", "install"] + args)


if __name__ == "__main__":
    main(sys.argv[1:])
