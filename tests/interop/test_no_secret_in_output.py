# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Passwords never appear in ansible-playbook output, even at -vvv with --diff, on success or failure.

Runs the collection as installed (ANSIBLE_COLLECTIONS_PATH, set by scripts/test.sh)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

PASSWORD = "S3cret-Only-In-The-Vault-1"
NEW_PASSWORD = "S3cret-Only-In-The-Vault-2"

# The passwords come from a variables file, as they would from a vault: Ansible's own error display
# quotes the playbook's source lines, which therefore hold only the variable names.
PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  vars:
    repo: "{dir}/app1.p12"
  tasks:
    - name: Create
      mqstig.tls.mq_keyrepo: {{path: "{{{{ repo }}}}", password: "{{{{ old_pw }}}}"}}
    - name: Request
      mqstig.tls.mq_cert: {{path: "{{{{ repo }}}}", password: "{{{{ old_pw }}}}", mq_user: app1, subject: "CN=app1"}}
    - name: Rotate
      mqstig.tls.mq_keyrepo: {{path: "{{{{ repo }}}}", password: "{{{{ old_pw }}}}", new_password: "{{{{ new_pw }}}}"}}
    - name: Wrong password
      mqstig.tls.mq_cert: {{path: "{{{{ repo }}}}", password: "{{{{ old_pw }}}}", mq_user: app1, subject: "CN=app1"}}
      ignore_errors: true
    - name: Trusted with a bad certificate
      mqstig.tls.mq_cert: {{path: "{{{{ repo }}}}", password: "{{{{ new_pw }}}}", kind: trusted, label: x,
                           certificate: "garbage"}}
      ignore_errors: true
"""


def test_vvv_diff_output_holds_no_password(tmp_path):
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH") or shutil.which("ansible-playbook") is None:
        pytest.fail("run through scripts/test.sh, which installs the collection and sets ANSIBLE_COLLECTIONS_PATH")
    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAYBOOK.format(dir=tmp_path))
    secrets = tmp_path / "secrets.yml"
    secrets.write_text("old_pw: %s\nnew_pw: %s\n" % (PASSWORD, NEW_PASSWORD))
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    run = subprocess.run(["ansible-playbook", "-vvv", "--diff", "-e", "@%s" % secrets, str(playbook)], capture_output=True, text=True, env=env,
                         check=False, timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert "ok=5" in output and "ignored=2" in output  # every task ran; the two failures were the expected ones
    assert "wrong password" in output and "no PEM certificate" in output
    assert PASSWORD not in output
    assert NEW_PASSWORD not in output
    assert "PRIVATE KEY" not in output
