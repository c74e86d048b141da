# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The mq_certificate role over a fleet: many hosts in parallel forks, one CA host (delegate_to), one index.

Runs the collection as installed (ANSIBLE_COLLECTIONS_PATH, set by scripts/test.sh). Every host is a local
connection with its own key repository. The first run issues one certificate per host and loses no index
record to the parallel forks; the second run changes nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

HOSTS = 16
FORKS = 8

PLAYBOOK = """
- hosts: fleet
  gather_facts: false
  tasks:
    - name: Step 1, the key repository
      mqstig.tls.mq_keyrepo:
        path: "{{ fleet_dir }}/{{ inventory_hostname }}/app.p12"
        password: "{{ fleet_password }}"
    - name: Steps 2 to 4 through the site CA on the controller
      ansible.builtin.include_role:
        name: mqstig.tls.mq_certificate
      vars:
        mq_certificate_keyrepo_path: "{{ fleet_dir }}/{{ inventory_hostname }}/app.p12"
        mq_certificate_keyrepo_password: "{{ fleet_password }}"
        mq_certificate_mq_user: app
        mq_certificate_subject: "CN={{ inventory_hostname }},OU=MQ,O=mqstig fleet"
        mq_certificate_trusted: [{label: fleet-ca, certificate: "{{ lookup('ansible.builtin.file', fleet_dir + '/ca.pem') }}"}]
        mq_certificate_index_path: "{{ fleet_dir }}/issued.json"
        mq_certificate_ownca_certificate_path: "{{ fleet_dir }}/ca.pem"
        mq_certificate_ownca_private_key_path: "{{ fleet_dir }}/ca.key"
        mq_certificate_ownca_private_key_passphrase: "{{ fleet_ca_passphrase }}"
"""


def _recap(output):
    return {m.group(1): (int(m.group(2)), int(m.group(3)))
            for m in re.finditer(r"^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", output, re.M)}


def test_sixteen_hosts_in_parallel_then_nothing_to_do(tmp_path):
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH") or shutil.which("ansible-playbook") is None:
        pytest.fail("run through scripts/test.sh, which installs the collection and sets ANSIBLE_COLLECTIONS_PATH")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-sha384",
                    "-days", "3650", "-keyout", str(tmp_path / "ca.key"), "-out", str(tmp_path / "ca.pem"),
                    "-subj", "/O=mqstig fleet/CN=Fleet CA", "-passout", "pass:Fleet-CA-Passw0rd",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
                   check=True, capture_output=True)
    for index in range(HOSTS):
        (tmp_path / ("host%02d" % index)).mkdir(mode=0o700)
    inventory = {"fleet": {"hosts": {("host%02d" % i): {"ansible_connection": "local",
                                                        "ansible_python_interpreter": sys.executable}
                                     for i in range(HOSTS)}}}
    (tmp_path / "inventory.json").write_text(json.dumps(inventory))
    (tmp_path / "play.yml").write_text(PLAYBOOK)
    (tmp_path / "secrets.yml").write_text("fleet_password: Fleet-Keyrepo-Passw0rd\nfleet_ca_passphrase: Fleet-CA-Passw0rd\n"
                                          "fleet_dir: %s\n" % tmp_path)
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_HOST_KEY_CHECKING="false", ANSIBLE_FORKS=str(FORKS))
    command = ["ansible-playbook", "-i", str(tmp_path / "inventory.json"), "-e", "@%s" % (tmp_path / "secrets.yml"),
               str(tmp_path / "play.yml")]
    timings = []
    recaps = []
    for _round in range(2):
        start = time.monotonic()
        run = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=900)
        timings.append(time.monotonic() - start)
        assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
        recaps.append(_recap(run.stdout))
    first, second = recaps
    assert len(first) == HOSTS and all(failed == 0 and changed > 0 for changed, failed in first.values())
    assert all(changed == 0 and failed == 0 for changed, failed in second.values()), run.stdout[-6000:]
    issued = json.loads((tmp_path / "issued.json").read_text())["issued"]
    assert sorted(r["subject"] for r in issued) == sorted("CN=host%02d,OU=MQ,O=mqstig fleet" % i for i in range(HOSTS))
    print("fleet of %d hosts, %d forks: first run %.1f s, second run %.1f s" % (HOSTS, FORKS, timings[0], timings[1]))
