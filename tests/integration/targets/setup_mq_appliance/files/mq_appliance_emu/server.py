# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
"""Running the emulator: its SSH host key and file-store TLS material (generated once, kept in the state),
the SSH server and the HTTPS file store in one process, the --daemon start and `stop`."""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import json
import os
import signal
import sys
import threading
import time

import paramiko
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from . import certstore, filestore, sshcli, util

HOST = "127.0.0.1"


class Emulator:
    """What the SSH sessions and the file store share."""

    def __init__(self, state_dir, name, user, password):
        self.state_dir = os.path.abspath(state_dir)
        self.name = name
        self.user = user
        self._password = password
        self.repos = certstore.Repositories(self.state_dir)
        self.log = util.EventLog(self.state_dir)
        self.host_key = None

    def password_ok(self, user, password):
        return sshcli.password_matches(self.user, self._password, user or "", password or "")


def read_password(path):
    with open(path, "r", encoding="utf-8") as handle:
        password = handle.readline().rstrip("\r\n")
    if not password:
        raise util.EmuError("the password file %s has an empty first line" % path)
    return password


def host_key(state_dir):
    """The ed25519 SSH host key (DIR/ssh_host_ed25519_key, 0600), generated on first start."""
    path = os.path.join(state_dir, "ssh_host_ed25519_key")
    if not os.path.exists(path):
        key = ed25519.Ed25519PrivateKey.generate()
        util.atomic_write(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                                  serialization.NoEncryption()))
    pkey = paramiko.Ed25519Key.from_private_key_file(path)
    return pkey, "%s %s" % (pkey.get_name(), pkey.get_base64())


def rest_tls(state_dir, secret):
    """CA (DIR/rest-ca.pem) and server certificate for 127.0.0.1 (DIR/rest-server.pem, key encrypted with the
    state's secret in DIR/rest-server.key), EC P-256, generated on first start."""
    ca_path = os.path.join(state_dir, "rest-ca.pem")
    cert_path = os.path.join(state_dir, "rest-server.pem")
    key_path = os.path.join(state_dir, "rest-server.key")
    if all(os.path.exists(p) for p in (ca_path, cert_path, key_path)):
        return ca_path, cert_path, key_path
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mq_appliance_emu test CA (NOT IBM)")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now)
          .not_valid_after(now + datetime.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=825))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST)),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    util.atomic_write(key_path, key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                                  serialization.BestAvailableEncryption(secret)))
    util.atomic_write(cert_path, cert.public_bytes(pem))
    util.atomic_write(ca_path, ca.public_bytes(pem))
    return ca_path, cert_path, key_path


def info_path(state_dir):
    return os.path.join(os.path.abspath(state_dir), "emu.json")


def serve(args):
    if args.host not in (HOST, "localhost"):
        raise util.EmuError("the emulator listens on 127.0.0.1 only (not %s)" % args.host)
    state_dir = os.path.abspath(args.state)
    password = read_password(args.password_file)
    if args.daemon:
        return _daemonize(args, state_dir)
    emu = Emulator(state_dir, args.name, args.user, password)
    emu.repos.init_layout()
    for qmgr in args.qmgr or ():
        emu.repos.create(qmgr)
    emu.host_key, public_line = host_key(state_dir)
    ca_path, cert_path, key_path = rest_tls(state_dir, emu.repos.secret)
    ssh = sshcli.SshServer(emu, HOST, args.ssh_port)
    rest = filestore.FileStoreServer(emu, HOST, args.rest_port, cert_path, key_path, emu.repos.secret)
    rest_port = rest.server_address[1]
    info = {"ssh_host": HOST, "ssh_port": ssh.port, "rest_port": rest_port,
            "rest_url": "https://%s:%d" % (HOST, rest_port), "rest_ca": ca_path, "host_key": public_line,
            "known_hosts_line": "[%s]:%d %s" % (HOST, ssh.port, public_line), "pid": os.getpid(),
            "user": args.user}
    threads = [threading.Thread(target=ssh.serve_forever, daemon=True),
               threading.Thread(target=rest.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)]
    for thread in threads:
        thread.start()
    util.atomic_write(info_path(state_dir), json.dumps(info, indent=2, sort_keys=True) + "\n")
    stopping = threading.Event()

    def on_signal(_signum, _frame):
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    sys.stdout.write(json.dumps(info, sort_keys=True) + "\n")
    sys.stdout.flush()
    while not stopping.wait(0.5):
        pass
    ssh.shutdown()
    rest.shutdown()
    rest.server_close()
    with contextlib.suppress(OSError, ValueError):
        with open(info_path(state_dir), "r", encoding="utf-8") as handle:
            if json.load(handle).get("pid") == os.getpid():
                os.unlink(info_path(state_dir))
    return 0


def _daemonize(args, state_dir):
    """Run serve() in a detached child; print its facts (one JSON line) once both servers listen."""
    util.ensure_dir(state_dir)
    path = info_path(state_dir)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    out_path = os.path.join(state_dir, "emu-server.out")
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            os.setsid()
            null = os.open(os.devnull, os.O_RDONLY)
            out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, util.FILE_MODE)
            os.dup2(null, 0)
            os.dup2(out, 1)
            os.dup2(out, 2)
            args.daemon = False
            code = serve(args)
        except BaseException as exc:  # pylint: disable=broad-except
            sys.stderr.write("mq_appliance_emu: %s\n" % exc)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)  # pylint: disable=protected-access
    deadline = time.time() + 60
    while time.time() < deadline:
        finished, _status = os.waitpid(pid, os.WNOHANG)
        if finished:
            break
        with contextlib.suppress(OSError, ValueError):
            with open(path, "r", encoding="utf-8") as handle:
                info = json.load(handle)
            if info.get("pid") == pid:
                sys.stdout.write(json.dumps(info, sort_keys=True) + "\n")
                return 0
        time.sleep(0.05)
    with contextlib.suppress(OSError):
        with open(out_path, "r", encoding="utf-8") as handle:
            sys.stderr.write(handle.read()[-4000:])
    sys.stderr.write("mq_appliance_emu: the emulator did not start\n")
    return 1


def _is_emulator(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            argv = handle.read().split(b"\0")
    except OSError:
        return False
    return b"mq_appliance_emu" in argv and b"serve" in argv


def stop(state_dir):
    """Stop the emulator recorded in DIR/emu.json (only if that pid is an emulator): SIGTERM, wait."""
    try:
        with open(info_path(state_dir), "r", encoding="utf-8") as handle:
            pid = int(json.load(handle)["pid"])
    except (OSError, ValueError, KeyError):
        sys.stdout.write("no emulator recorded in %s\n" % state_dir)
        return 0
    if not _is_emulator(pid):
        sys.stdout.write("process %d is not an mq_appliance_emu server; nothing stopped\n" % pid)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(info_path(state_dir))
        return 0
    os.kill(pid, signal.SIGTERM)
    deadline = time.time() + 10
    while time.time() < deadline and _is_emulator(pid):
        time.sleep(0.05)
    if _is_emulator(pid):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(info_path(state_dir))
    sys.stdout.write("stopped mq_appliance_emu %d\n" % pid)
    return 0
