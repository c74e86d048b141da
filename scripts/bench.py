# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Performance benchmarks of the mqstig.tls collection. They report figures and ratios; they assert nothing.

What is measured, each as the median wall time of a few repetitions, all on this machine and on 127.0.0.1 only:

1. Fleet audit. N local hosts (``ansible_connection=local``, one directory each under a temporary directory) get a
   real key repository, certificate, mqclient.ini and CCDT from one untimed apply run of the role
   ``mqstig.tls.mq_client_endpoint``. Then the role runs in check mode (the audit) and is timed against the Ansible
   floor: a playbook running, on the same hosts with the same forks, as many ``ansible.builtin.ping`` tasks per host
   as the audit ran tasks per host (ok + skipped in the recap; ok already includes changed). With ``--with-generic``
   the same audit written with generic modules (community.crypto ``openssl_pkcs12`` parse,
   ``x509_certificate_info``, ``openssl_privatekey_info``, ``ansible.builtin.stat``/``slurp``/``assert``) is timed
   too, from a separate virtual environment holding the ``ansible`` package (``.build/bench/venv-ansible``).
2. Channel scale. The lab queue manager (a test double of IBM MQ, not IBM MQ:
   ``tests/integration/targets/setup_mq_lab_qmgr/files/mq_lab_qmgr``) serves its HTTPS REST API on 127.0.0.1 with
   10, 1,000 and 5,000 SVRCONN channels ``APP.*``. Each size is audited with the module ``mqstig.tls.mq_channel_info``
   from a playbook (the figure a user sees) and with the backend called directly from Python
   (``mqadmin.rest_transport.RestTransport`` and the channel policy, no Ansible). REST round trips are counted by
   the module (``round_trips``) and by the lab's request counters (``stats``).
3. Key repositories. One CA certificate is added with mq_cert's backend (``keystore.cert_backend.CertBackend``,
   kind trusted) to a PKCS#12 repository of 1 entry and to one of 200 entries. One extra run of each is profiled
   with cProfile and its time split into key derivation (PBKDF2 and the PKCS#12 MAC KDF), parsing and serialising
   PKCS#12 (``pkcs12_store.load``/``dump`` without the key derivation inside them), and the rest.

Run from the checkout root: ``.venv/bin/python scripts/bench.py [--quick] [--with-generic] [--json PATH]``.
The collection is used from a temporary collection path holding a symlink to this checkout, so nothing installed
is touched. Every process started here is stopped before the script ends.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import functools
import json
import os
import platform
import pstats
import re
import secrets
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from base64 import b64encode
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAB_FILES = ROOT / "tests" / "integration" / "targets" / "setup_mq_lab_qmgr" / "files"
VENV_BIN = Path(sys.executable).parent
GENERIC_VENV = ROOT / ".build" / "bench" / "venv-ansible"
GENERIC_REQUIREMENTS = ["ansible==12.2.0", "ansible-core==2.19.14", "cryptography==48.0.0"]
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)", re.M)
TARGETS = {"audit_vs_floor": 1.3, "generic_vs_collection": 2.0, "channels_5000_vs_10": 3.0, "keyrepo_200_vs_1": 2.0}


# ------------------------------------------------------------------ helpers

def median_time(function, repetitions):
    """(median seconds, all seconds) of `repetitions` calls of `function`; its last result is kept in .last."""
    times = []
    for _index in range(repetitions):
        start = time.perf_counter()
        median_time.last = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


median_time.last = None


def rounded(value, digits=3):
    return None if value is None else round(value, digits)


def ratio(numerator, denominator):
    return None if not numerator or not denominator else numerator / denominator


def log(message):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), message), flush=True)


class Workspace:
    """The temporary directory of a run, its collection path and the environment of the commands it starts."""

    def __init__(self, keep=False):
        self.root = Path(tempfile.mkdtemp(prefix="mqstig-bench-"))
        self.keep = keep
        collections = self.root / "collections"
        (collections / "ansible_collections" / "mqstig").mkdir(parents=True)
        os.symlink(ROOT, collections / "ansible_collections" / "mqstig" / "tls")
        self.collections = collections
        (self.root / "ansible-tmp").mkdir()
        config = self.root / "ansible.cfg"
        config.write_text("[defaults]\n")
        sys.path.insert(0, str(collections))
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections), PYTHONPATH=str(collections),
                        ANSIBLE_CONFIG=str(config), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
                        ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_HOST_KEY_CHECKING="0",
                        ANSIBLE_LOCAL_TEMP=str(self.root / "ansible-tmp"),
                        ANSIBLE_REMOTE_TEMP=str(self.root / "ansible-tmp"),
                        ANSIBLE_STDOUT_CALLBACK="default",
                        ANSIBLE_DEPRECATION_WARNINGS="0", ANSIBLE_SYSTEM_WARNINGS="0")
        for name in ("ANSIBLE_INVENTORY", "ANSIBLE_CALLBACKS_ENABLED", "ANSIBLE_CALLBACK_WHITELIST"):
            self.env.pop(name, None)

    def close(self):
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)


def playbook(workspace, bin_dir, inventory, book, *extra, forks=8, timeout=1800):
    """Run ansible-playbook; (seconds, recap {host: counts}, stdout). Fails loudly when the play fails."""
    argv = [str(bin_dir / "ansible-playbook"), "-i", str(inventory), "-f", str(forks), str(book)] + list(extra)
    start = time.perf_counter()
    run = subprocess.run(argv, capture_output=True, text=True, env=workspace.env, check=False, timeout=timeout)
    seconds = time.perf_counter() - start
    recap = {m.group(1): {"ok": int(m.group(2)), "changed": int(m.group(3)), "unreachable": int(m.group(4)),
                          "failed": int(m.group(5)), "skipped": int(m.group(6))} for m in RECAP.finditer(run.stdout)}
    if run.returncode != 0 or any(r["failed"] or r["unreachable"] for r in recap.values()):
        raise RuntimeError("%s failed (rc %s):\n%s\n%s" % (book.name, run.returncode, run.stdout[-4000:],
                                                           run.stderr[-2000:]))
    return seconds, recap, run.stdout


def write_json(path, data):
    """A playbook or inventory as JSON (YAML is a superset of JSON, so ansible reads it as it is)."""
    path.write_text(json.dumps(data, indent=1))
    return path


# ------------------------------------------------------------------ 1. fleet audit

def make_ca(directory, name, passphrase):
    """A CA (EC P-384, key encrypted with `passphrase`) written as ca.pem and ca.key; its PEM text."""
    # pylint: disable=import-outside-toplevel
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    directory.mkdir(mode=0o700, parents=True)
    key = ec.generate_private_key(ec.SECP384R1())
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mqstig bench"),
                         x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA384()))
    pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    (directory / "ca.pem").write_text(pem)
    key_file = directory / "ca.key"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.BestAvailableEncryption(passphrase.encode("ascii"))))
    key_file.chmod(0o600)
    return pem


def fleet_inventory(root, hosts):
    """Inventory of `hosts` MQ client hosts, each in its own directory, signed by a bench CA."""
    keyrepo_password = "Bench-Keyrepo-" + secrets.token_hex(8)
    ca_passphrase = "Bench-CA-" + secrets.token_hex(8)
    trusted = [{"label": "bench-clients-ca", "certificate": make_ca(root / "ca-clients", "Bench Clients CA",
                                                                    ca_passphrase)},
               {"label": "bench-qmgrs-ca", "certificate": make_ca(root / "ca-qmgrs", "Bench QMgrs CA",
                                                                  ca_passphrase)}]
    hostvars = {}
    for index in range(1, hosts + 1):
        name = "bench%03d" % index
        directory = root / "hosts" / name
        directory.mkdir(mode=0o700, parents=True)
        hostvars[name] = {
            "ansible_connection": "local", "ansible_python_interpreter": sys.executable,
            "bench_dir": str(directory),
            "mq_client_endpoint_keyrepo_path": str(directory / "app.p12"),
            "mq_client_endpoint_mq_user": "app%d" % index,
            "mq_client_endpoint_subject": "CN=app%d,OU=MQ,O=mqstig bench" % index,
            "mq_client_endpoint_mqclient_ini": str(directory / "mqclient.ini"),
            "mq_client_endpoint_ccdt_path": str(directory / "ccdt.json"),
            "mq_client_endpoint_channels": [{"name": "APP%d.SVRCONN" % index, "host": "127.0.0.1", "port": 1414,
                                             "queue_manager": "QM1", "peer_name": "CN=QM1,OU=MQ,O=mqstig bench"}],
        }
    group_vars = {"mq_tls_cipherspec": "TLS_AES_256_GCM_SHA384",
                  "mq_client_endpoint_keyrepo_password": keyrepo_password,
                  "mq_client_endpoint_trusted": trusted,
                  "mq_certificate_signer": "ownca",
                  "mq_certificate_index_path": str(root / "ca-clients" / "issued.json"),
                  "mq_certificate_ownca_certificate_path": str(root / "ca-clients" / "ca.pem"),
                  "mq_certificate_ownca_private_key_path": str(root / "ca-clients" / "ca.key"),
                  "mq_certificate_ownca_private_key_passphrase": ca_passphrase}
    inventory = {"all": {"children": {"mq_clients": {"hosts": hostvars, "vars": group_vars}}}}
    return write_json(root / "inventory.json", inventory)


def generic_audit_play():
    """The same client audit as an admin would write it with generic modules (community.crypto and builtins)."""
    pem = "{{ bench_dir }}/generic-parsed.pem"
    repo = "{{ mq_client_endpoint_keyrepo_path }}"
    label = "ibmwebspheremq{{ mq_client_endpoint_mq_user | lower }}"
    cert_re = "-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----"
    key_re = "-----BEGIN [A-Z ]*PRIVATE KEY-----[^-]+-----END [A-Z ]*PRIVATE KEY-----"
    tasks = [
        {"name": "Key repository file", "ansible.builtin.stat": {"path": repo}, "register": "g_repo"},
        {"name": "Stash file", "ansible.builtin.stat": {"path": "{{ repo | regex_replace('[.]p12$', '.sth') }}"},
         "vars": {"repo": repo}, "register": "g_stash"},
        {"name": "Repository and stash exist and are 0600", "ansible.builtin.assert": {"that": [
            "g_repo.stat.exists", "g_repo.stat.mode == '0600'", "g_stash.stat.exists",
            "g_stash.stat.mode == '0600'"], "quiet": True}},
        {"name": "Open the PKCS#12 repository (parse it to PEM)", "community.crypto.openssl_pkcs12": {
            "action": "parse", "src": repo, "passphrase": "{{ mq_client_endpoint_keyrepo_password }}",
            "path": pem, "mode": "0600"}, "check_mode": False, "no_log": True},
        {"name": "Read the parsed PEM", "ansible.builtin.slurp": {"src": pem}, "register": "g_pem",
         "no_log": True},
        {"name": "Split it into certificates and key", "ansible.builtin.set_fact": {
            "g_certs": "{{ g_pem.content | b64decode | regex_findall('%s') }}" % cert_re,
            "g_key": "{{ g_pem.content | b64decode | regex_findall('%s') | first }}" % key_re}, "no_log": True},
        {"name": "Facts of every certificate", "community.crypto.x509_certificate_info": {"content": "{{ item }}"},
         "loop": "{{ g_certs }}", "register": "g_info", "loop_control": {"label": "certificate"}},
        {"name": "Facts of the private key", "community.crypto.openssl_privatekey_info": {"content": "{{ g_key }}"},
         "register": "g_keyinfo"},
        {"name": "Remove the parsed PEM", "ansible.builtin.file": {"path": pem, "state": "absent"},
         "check_mode": False},
        {"name": "Every certificate is valid, signed with SHA-2, and the CAs are CAs", "ansible.builtin.assert": {
            "that": ["not item.expired", "'sha1' not in item.signature_algorithm | lower",
                     "'md5' not in item.signature_algorithm | lower",
                     "item.public_key_type != 'RSA' or item.public_key_data.size >= 2048",
                     "item.public_key_type != 'ECC' or item.public_key_data.exponent_size >= 256",
                     "item.basic_constraints is none or 'CA:TRUE' not in item.basic_constraints "
                     "or 'Certificate Sign' in item.key_usage"], "quiet": True},
         "loop": "{{ g_info.results }}", "loop_control": {"label": "{{ item.subject.commonName | default('') }}"}},
        {"name": "The personal certificate: a client certificate from the clients CA, with the key",
         "ansible.builtin.assert": {"quiet": True, "that": [
             "g_personal | length == 1", "'clientAuth' in (g_personal[0].extended_key_usage | default([]) | join(' '))"
             " or 'TLS Web Client Authentication' in (g_personal[0].extended_key_usage | default([]) | join(' '))",
             "g_personal[0].issuer.commonName == 'Bench Clients CA'",
             "(g_keyinfo.type == 'ECC' and g_keyinfo.public_data.curve in ['secp256r1', 'secp384r1', 'secp521r1'])"
             " or (g_keyinfo.type == 'RSA' and g_keyinfo.public_data.size >= 2048)", "g_trusted | length == 2"]},
         "vars": {"g_personal": "{{ g_info.results | rejectattr('basic_constraints', 'none') | rejectattr("
                                "'basic_constraints', 'contains', 'CA:TRUE') | list + (g_info.results | selectattr("
                                "'basic_constraints', 'none') | list) }}",
                  "g_trusted": "{{ g_info.results | rejectattr('basic_constraints', 'none') | selectattr("
                               "'basic_constraints', 'contains', 'CA:TRUE') | list }}"}},
        {"name": "Read mqclient.ini", "ansible.builtin.slurp": {"src": "{{ mq_client_endpoint_mqclient_ini }}"},
         "register": "g_ini"},
        {"name": "mqclient.ini SSL stanza", "ansible.builtin.assert": {"quiet": True, "that": [
            "('SSLKeyRepository=' ~ mq_client_endpoint_keyrepo_path) in g_ini_text",
            "('CertificateLabel=%s') in g_ini_text" % label, "'SSLFipsRequired=YES' in g_ini_text",
            "'SSLKeyRepositoryPassword' not in g_ini_text"]},
         "vars": {"g_ini_text": "{{ g_ini.content | b64decode }}"}},
        {"name": "Read the CCDT", "ansible.builtin.slurp": {"src": "{{ mq_client_endpoint_ccdt_path }}"},
         "register": "g_ccdt"},
        {"name": "CCDT channels carry the CipherSpec and label", "ansible.builtin.assert": {"quiet": True, "that": [
            "g_ccdt_json.channel | map(attribute='transmissionSecurity.cipherSpecification') | unique | list == "
            "[mq_tls_cipherspec]",
            "g_ccdt_json.channel | map(attribute='transmissionSecurity.certificateLabel') | unique | list == "
            "['%s']" % label]}, "vars": {"g_ccdt_json": "{{ g_ccdt.content | b64decode | from_json }}"}},
    ]
    return [{"name": "Generic audit of MQ clients", "hosts": "mq_clients", "gather_facts": False, "tasks": tasks}]


def bench_fleet(workspace, hosts, repetitions, generic_bin):
    """Figures of the fleet audit: collection role (check mode), ping floor, and optionally the generic audit."""
    root = workspace.root / "fleet"
    root.mkdir()
    inventory = fleet_inventory(root, hosts)
    role_book = write_json(root / "client.yml", [{"name": "MQ clients", "hosts": "mq_clients", "gather_facts": False,
                                                 "roles": [{"role": "mqstig.tls.mq_client_endpoint"}]}])
    log("fleet: setting up %d hosts (one apply run of the role, untimed)" % hosts)
    setup_seconds, recap, _out = playbook(workspace, VENV_BIN, inventory, role_book)
    changed_hosts = sum(1 for r in recap.values() if r["changed"])
    log("fleet: set-up took %.1f s; %d hosts changed" % (setup_seconds, changed_hosts))
    log("fleet: audit (check mode), %d repetitions" % repetitions)
    audit_median, audit_times = median_time(lambda: playbook(workspace, VENV_BIN, inventory, role_book, "--check"),
                                            repetitions)
    recap = median_time.last[1]
    per_host = sorted(set(r["ok"] + r["skipped"] for r in recap.values()))
    changed = sum(r["changed"] for r in recap.values())
    tasks = max(per_host)
    ping_book = write_json(root / "floor.yml", [{"name": "Ansible floor", "hosts": "mq_clients", "gather_facts": False,
                                                 "tasks": [{"name": "ping %d" % i, "ansible.builtin.ping": {}}
                                                           for i in range(1, tasks + 1)]}])
    log("fleet: floor (%d ping tasks per host), %d repetitions" % (tasks, repetitions))
    floor_median, floor_times = median_time(lambda: playbook(workspace, VENV_BIN, inventory, ping_book),
                                            repetitions)
    result = {"hosts": hosts, "forks": 8, "repetitions": repetitions, "setup_apply_s": rounded(setup_seconds),
              "tasks_per_host": per_host, "audit_changed_total": changed,
              "audit_s": rounded(audit_median), "audit_runs_s": [rounded(t) for t in audit_times],
              "floor_s": rounded(floor_median), "floor_runs_s": [rounded(t) for t in floor_times],
              "audit_vs_floor": rounded(ratio(audit_median, floor_median))}
    if generic_bin is not None:
        generic_book = write_json(root / "generic.yml", generic_audit_play())
        log("fleet: generic audit (community.crypto), %d repetitions" % repetitions)
        generic_median, generic_times = median_time(
            lambda: playbook(workspace, generic_bin, inventory, generic_book, "--check"), repetitions)
        recap = median_time.last[1]
        result.update({"generic_s": rounded(generic_median), "generic_runs_s": [rounded(t) for t in generic_times],
                       "generic_tasks_per_host": sorted(set(r["ok"] + r["skipped"] for r in recap.values())),
                       "generic_vs_collection": rounded(ratio(generic_median, audit_median))})
    return result


def generic_ansible(install):
    """bin directory of the separate venv holding the ansible package (community.crypto); installed on demand."""
    python = GENERIC_VENV / "bin" / "python"
    probe = [str(python), "-c", "import ansible_collections.community.crypto"]
    if python.exists() and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return GENERIC_VENV / "bin"
    if not install:
        return None
    log("installing %s into %s" % (" ".join(GENERIC_REQUIREMENTS), GENERIC_VENV))
    subprocess.run([sys.executable, "-m", "venv", str(GENERIC_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q"] + GENERIC_REQUIREMENTS, check=True)
    return GENERIC_VENV / "bin"


# ------------------------------------------------------------------ 2. channel scale

class LabQmgr:
    """The lab queue manager (a test double of IBM MQ) with its REST API on 127.0.0.1; a context manager."""

    def __init__(self, state):
        self.state = state
        self.password = "Bench-Rest-" + secrets.token_hex(8)
        self.rest = None
        self.channels = 0

    def lab(self, *args, **env):
        full = dict(os.environ, PYTHONPATH=str(LAB_FILES), **env)
        run = subprocess.run([sys.executable, "-m", "mq_lab_qmgr"] + list(args) + ["--state", str(self.state)],
                             capture_output=True, text=True, env=full, check=False, timeout=300)
        if run.returncode != 0:
            raise RuntimeError("mq_lab_qmgr %s failed: %s" % (args[0], run.stderr[-2000:]))
        return run.stdout

    def __enter__(self):
        self.lab("seed", "--qmgr", "QM1", MQ_LAB_PASSWORD=self.password)
        self.rest = json.loads(self.lab("serve-rest", "--host", "127.0.0.1", "--port", "0", "--daemon"))
        return self

    def __exit__(self, *exc):
        if self.rest is not None:
            self.lab("stop-rest")
            self.rest = None

    def grow(self, count):
        """Bring the SVRCONN channels APP.* to `count`."""
        if count > self.channels:
            self.lab("bulk-channels", "--qmgr", "QM1", "--count", str(count - self.channels), "--prefix", "APP.",
                     "--start", str(self.channels + 1), "--chltype", "SVRCONN")
            self.channels = count

    def requests(self, reset=False):
        stats = json.loads(self.lab("stats", *(["--reset"] if reset else [])))
        return stats.get("requests")


def direct_audit(lab):
    """The backend without Ansible: one RestTransport DISPLAY and the channel policy; (channels, findings, trips)."""
    # pylint: disable=import-outside-toplevel
    from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.rest_transport import RestTransport
    from ansible_collections.mqstig.tls.plugins.module_utils.policy import channels as channel_policy
    context = ssl.create_default_context(cafile=lab.rest["ca"])
    auth = "Basic " + b64encode(("mqadmin:%s" % lab.password).encode("utf-8")).decode("ascii")

    def post(url, body):
        request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), method="POST", headers={
            "Content-Type": "application/json;charset=utf-8", "ibm-mq-rest-csrf-token": "bench",
            "Authorization": auth})
        with urllib.request.urlopen(request, context=context, timeout=120) as response:
            return response.getcode(), response.read().decode("utf-8", "replace")

    transport = RestTransport(lab.rest["url"], "QM1", post)
    records = transport.display_channels("APP.*", "SVRCONN")
    findings = []
    for record in records:
        findings.extend(channel_policy.channel_findings(record, "nist"))
    return len(records), len(findings), transport.round_trips


def bench_channels(workspace, sizes, repetitions):
    """Figures of the channel audit at each size, through the module (playbook) and through the backend."""
    root = workspace.root / "channels"
    root.mkdir()
    inventory = write_json(root / "inventory.json", {"all": {"hosts": {"localhost": {
        "ansible_connection": "local", "ansible_python_interpreter": sys.executable}}}})
    rows = []
    with LabQmgr(root / "qm-state") as lab:
        facts = {"url": lab.rest["url"], "ca": lab.rest["ca"], "password": lab.password}
        tasks = [
            {"name": "Every SVRCONN channel APP.*", "mqstig.tls.mq_channel_info": {
                "qmgr": "QM1", "rest_url": "{{ bench_rest.url }}", "ca_path": "{{ bench_rest.ca }}",
                "url_username": "mqadmin", "url_password": "{{ bench_rest.password }}", "name": "APP.*",
                "type": "SVRCONN"}, "register": "bench_channels"},
            {"name": "Figures", "ansible.builtin.debug": {
                "msg": "BENCH {{ {'channels': bench_channels.channels | length, 'findings': bench_channels.findings"
                       " | length, 'round_trips': bench_channels.round_trips} | to_json }}"}}]
        book = write_json(root / "channels.yml", [{"name": "Channel audit", "hosts": "localhost",
                                                   "gather_facts": False, "vars": {"bench_rest": facts},
                                                   "tasks": tasks}])
        for size in sizes:
            lab.grow(size)
            log("channels: %d SVRCONN channels, %d repetitions" % (size, repetitions))
            lab.requests(reset=True)
            module_median, module_times = median_time(lambda: playbook(workspace, VENV_BIN, inventory, book),
                                                      repetitions)
            module_requests = lab.requests(reset=True)
            figures = json.loads(re.search(r"BENCH (\{.*?\})", median_time.last[2].replace('\\"', '"')).group(1))
            direct_median, direct_times = median_time(lambda: direct_audit(lab), repetitions)
            direct_requests = lab.requests(reset=True)
            count, findings, trips = median_time.last
            rows.append({"channels": size, "seen_by_module": figures["channels"], "seen_by_backend": count,
                         "findings": findings, "module_s": rounded(module_median),
                         "module_runs_s": [rounded(t) for t in module_times],
                         "module_round_trips": figures["round_trips"],
                         "lab_requests_per_module_run": rounded(ratio(module_requests, repetitions), 2),
                         "backend_s": rounded(direct_median, 4),
                         "backend_runs_s": [rounded(t, 4) for t in direct_times],
                         "backend_round_trips": trips,
                         "lab_requests_per_backend_run": rounded(ratio(direct_requests, repetitions), 2)})
    first, last = rows[0], rows[-1]
    return {"sizes": rows, "repetitions": repetitions, "transport": "rest",
            "module_last_vs_first": rounded(ratio(last["module_s"], first["module_s"])),
            "backend_last_vs_first": rounded(ratio(last["backend_s"], first["backend_s"]))}


# ------------------------------------------------------------------ 3. key repositories

def ca_certificates(count):
    """`count` self-signed CA certificates (EC P-256, SHA-256), as cryptography objects."""
    # pylint: disable=import-outside-toplevel
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    now = datetime.datetime.now(datetime.timezone.utc)
    certs = []
    for index in range(count):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mqstig bench"),
                          x509.NameAttribute(NameOID.COMMON_NAME, "Bench CA %04d" % index)])
        certs.append(x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                     .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                     .not_valid_after(now + datetime.timedelta(days=3650))
                     .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                     .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                                  key_encipherment=False, data_encipherment=False,
                                                  key_agreement=False, key_cert_sign=True, crl_sign=True,
                                                  encipher_only=False, decipher_only=False), critical=True)
                     .sign(key, hashes.SHA256()))
    return certs


def profile_split(function, seconds):
    """cProfile one call of `function`; the shares of key derivation, PKCS#12 parse/serialise and the rest, and
    those shares applied to `seconds` (the unprofiled median, since the profiler slows Python code down)."""
    profiler = cProfile.Profile()
    profiler.enable()
    function()
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # pylint: disable=no-member
    kdf = codec = 0.0
    for (filename, _line, name), (_cc, _nc, own, cumulative, _callers) in stats.items():
        if filename.endswith("pkcs12_pbe.py") and name == "pkcs12_kdf":
            kdf += cumulative
        elif "derive" in name and "PBKDF2" in name:
            kdf += own
        elif filename.endswith("pkcs12_store.py") and name in ("load", "dump"):
            codec += cumulative
    total = sum(row[2] for row in stats.values()) or 1.0
    # Every key derivation happens inside pkcs12_store.load or dump: the codec share is what is left of them.
    shares = {"kdf": kdf / total, "pkcs12_codec": max(codec - kdf, 0.0) / total}
    shares["rest"] = 1.0 - shares["kdf"] - shares["pkcs12_codec"]
    split = {"profiled_s": rounded(total, 4)}
    for key, share in shares.items():
        split[key + "_share"] = rounded(share, 3)
        split[key + "_s"] = rounded(share * seconds, 4)
    return split


def _add_one_ca(cert_backend, params, path, original):
    """Time one mq_cert run adding a CA to the repository `original` (restored first, untimed: a few hundred us)."""
    path.write_bytes(original)
    start = time.perf_counter()
    result = cert_backend.CertBackend(params).run()
    elapsed = time.perf_counter() - start
    if not result["changed"]:
        raise RuntimeError("mq_cert did not add the CA to %s" % path)
    return elapsed


def bench_keyrepo(workspace, sizes, repetitions):
    """Figures of adding one trusted CA with mq_cert's backend to repositories of each size."""
    # pylint: disable=import-outside-toplevel
    from cryptography.hazmat.primitives import serialization
    from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cert_backend, keyrepo_backend
    from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_store
    root = workspace.root / "keyrepo"
    root.mkdir()
    password = "Bench-Keyrepo-" + secrets.token_hex(8)
    pool = ca_certificates(max(sizes) + 1)
    new_pem = pool[-1].public_bytes(serialization.Encoding.PEM).decode("ascii")
    rows = []
    for size in sizes:
        path = root / ("repo-%d.p12" % size)
        keyrepo_backend.KeyRepo({"path": str(path), "password": password}).run()
        repository = pkcs12_store.load(path.read_bytes(), password)
        for index in range(size):
            repository.put(pkcs12_store.Entry("bench-ca-%04d" % index, pool[index]))
        original = pkcs12_store.dump(repository, password)
        path.write_bytes(original)
        params = {"path": str(path), "password": password, "kind": "trusted", "label": "bench-new-ca",
                  "certificate": new_pem}

        add_one = functools.partial(_add_one_ca, cert_backend, params, path, original)
        times = [add_one() for _index in range(repetitions)]
        split = profile_split(add_one, statistics.median(times))
        after = pkcs12_store.load(path.read_bytes(), password)
        rows.append(dict({"entries_before": size, "entries_after": len(after.entries), "file_bytes": len(original),
                          "add_s": rounded(statistics.median(times), 4), "add_runs_s": [rounded(t, 4) for t in times]},
                         **split))
    return {"sizes": rows, "repetitions": repetitions, "kdf_iterations": 10000,
            "last_vs_first": rounded(ratio(rows[-1]["add_s"], rows[0]["add_s"]))}


# ------------------------------------------------------------------ report

def verdict(value, target):
    if value is None:
        return "not measured"
    return "met" if value <= target else "MISSED"


def summary(results):
    """Rows (figure, value, target, verdict) of the final table."""
    rows = []
    fleet = results.get("fleet")
    if fleet:
        rows += [("fleet: hosts / tasks per host", "%d / %s" % (fleet["hosts"], fleet["tasks_per_host"]), "", ""),
                 ("fleet: collection audit (check mode) s", fleet["audit_s"], "", ""),
                 ("fleet: ping floor s", fleet["floor_s"], "", ""),
                 ("fleet: audit / floor", fleet["audit_vs_floor"], "<= %.1f" % TARGETS["audit_vs_floor"],
                  verdict(fleet["audit_vs_floor"], TARGETS["audit_vs_floor"]))]
        if "generic_s" in fleet:
            speedup = fleet["generic_vs_collection"]
            rows += [("fleet: generic audit (community.crypto) s", fleet["generic_s"], "", ""),
                     ("fleet: generic / collection", speedup, ">= %.1f" % TARGETS["generic_vs_collection"],
                      "met" if speedup and speedup >= TARGETS["generic_vs_collection"] else "MISSED")]
    channels = results.get("channels")
    if channels:
        for row in channels["sizes"]:
            rows.append(("channels %5d: module s / round trips" % row["channels"],
                         "%s / %s" % (row["module_s"], row["module_round_trips"]), "", ""))
            rows.append(("channels %5d: backend s / round trips" % row["channels"],
                         "%s / %s" % (row["backend_s"], row["backend_round_trips"]), "", ""))
        target = TARGETS["channels_5000_vs_10"]
        rows += [("channels: module last / first", channels["module_last_vs_first"], "<= %.1f" % target,
                  verdict(channels["module_last_vs_first"], target)),
                 ("channels: backend last / first", channels["backend_last_vs_first"], "<= %.1f" % target,
                  verdict(channels["backend_last_vs_first"], target))]
    keyrepo = results.get("keyrepo")
    if keyrepo:
        for row in keyrepo["sizes"]:
            rows.append(("keyrepo %3d entries: add CA s" % row["entries_before"], row["add_s"], "", ""))
            rows.append(("keyrepo %3d entries: kdf / codec / rest" % row["entries_before"], "%.0f%% / %.0f%% / %.0f%%"
                         % (100 * row["kdf_share"], 100 * row["pkcs12_codec_share"], 100 * row["rest_share"]), "", ""))
        target = TARGETS["keyrepo_200_vs_1"]
        rows.append(("keyrepo: last / first", keyrepo["last_vs_first"], "<= %.1f" % target,
                     verdict(keyrepo["last_vs_first"], target)))
    return rows


def print_table(rows):
    widths = [max(len(str(row[i])) for row in rows + [("figure", "value", "target", "verdict")]) for i in range(4)]
    line = "  ".join("%-*s" % (w, h) for w, h in zip(widths, ("figure", "value", "target", "verdict")))
    print("\n" + line + "\n" + "-" * len(line))
    for row in rows:
        print("  ".join("%-*s" % (w, "" if v is None else v) for w, v in zip(widths, row)))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="10 hosts, fewer repetitions (about a minute or two)")
    parser.add_argument("--with-generic", action="store_true",
                        help="also time the generic community.crypto audit (installs ansible==12.2.0 into %s if "
                             "needed)" % GENERIC_VENV.relative_to(ROOT))
    parser.add_argument("--json", default=str(ROOT / ".build" / "bench" / "results.json"), help="results file")
    parser.add_argument("--hosts", type=int, help="fleet size (default 50, 10 with --quick)")
    parser.add_argument("--only", choices=("fleet", "channels", "keyrepo"), action="append",
                        help="run only these parts (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    parts = args.only or ["fleet", "channels", "keyrepo"]
    hosts = args.hosts or (10 if args.quick else 50)
    # A 50-host audit takes minutes on 2 cores: one repetition of each fleet run keeps the default run bounded.
    repetitions = {"fleet": 1, "channels": 2 if args.quick else 3,
                   "keyrepo": 3 if args.quick else 7}
    results = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                           "processor": platform.processor() or platform.machine()},
               "quick": args.quick, "targets": TARGETS}
    workspace = Workspace(keep=args.keep)
    start = time.perf_counter()
    try:
        if "fleet" in parts:
            generic_bin = generic_ansible(install=True) if args.with_generic else None
            results["fleet"] = bench_fleet(workspace, hosts, repetitions["fleet"], generic_bin)
        if "channels" in parts:
            results["channels"] = bench_channels(workspace, (10, 1000, 5000), repetitions["channels"])
        if "keyrepo" in parts:
            results["keyrepo"] = bench_keyrepo(workspace, (1, 200), repetitions["keyrepo"])
    finally:
        workspace.close()
    results["total_s"] = rounded(time.perf_counter() - start, 1)
    print_table(summary(results))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print("\nresults written to %s (total %.0f s)" % (out, results["total_s"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
