# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
#
# A TLS endpoint for one channel of the lab queue manager, doing real handshakes with Python's ssl (OpenSSL) and
# enforcing what IBM documents for the channel's attributes:
#   SSLCIPH   the CipherSpec the client must use (TLS 1.2 specs map to their OpenSSL suite names; TLS 1.3 specs
#             pin the protocol to TLS 1.3 and the negotiated suite is checked after the handshake, because
#             Python's ssl module cannot restrict TLS 1.3 suites); ANY_TLS12, ANY_TLS12_OR_HIGHER, ANY_TLS13,
#             ANY_TLS13_OR_HIGHER and ANY choose protocol ranges. Deprecated specs are refused at start.
#   SSLCAUTH  REQUIRED: the client must present a certificate that chains to the trusted CA file; OPTIONAL: a
#             certificate is asked for and checked when sent.
#   SSLPEER   when set, the client's subject DN must match it (and a certificate is then required, as IBM
#             documents for the Channel SSL Error event's MQRQ_SSL_CLIENT_AUTH_ERROR).
# The channel's attributes are read from the state at every new connection (IBM: attribute changes take effect
# when a channel next starts), and REFRESH SECURITY TYPE(SSL) on the queue manager closes the connections open at
# the time (IBM: it stops running TLS channels). After a successful handshake the listener writes one line
# ("MQLAB CHANNEL(...) ...") and keeps the connection open until the client closes it; no MQ protocol is spoken.
"""TLS listener enforcing a lab channel's SSLCIPH / SSLCAUTH / SSLPEER with real handshakes."""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import select
import signal
import socket
import ssl
import sys
import threading

from . import model
from . import mqsc

# IBM TLS 1.2 CipherSpec -> OpenSSL cipher suite name (IANA names from IBM's CipherSpec table).
OPENSSL_TLS12 = {
    "ECDHE_ECDSA_AES_128_CBC_SHA256": "ECDHE-ECDSA-AES128-SHA256",
    "ECDHE_ECDSA_AES_256_CBC_SHA384": "ECDHE-ECDSA-AES256-SHA384",
    "ECDHE_ECDSA_AES_128_GCM_SHA256": "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE_ECDSA_AES_256_GCM_SHA384": "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE_RSA_AES_128_CBC_SHA256": "ECDHE-RSA-AES128-SHA256",
    "ECDHE_RSA_AES_256_CBC_SHA384": "ECDHE-RSA-AES256-SHA384",
    "ECDHE_RSA_AES_128_GCM_SHA256": "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE_RSA_AES_256_GCM_SHA384": "ECDHE-RSA-AES256-GCM-SHA384",
    "TLS_RSA_WITH_AES_128_CBC_SHA256": "AES128-SHA256",
    "TLS_RSA_WITH_AES_256_CBC_SHA256": "AES256-SHA256",
    "TLS_RSA_WITH_AES_128_GCM_SHA256": "AES128-GCM-SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384": "AES256-GCM-SHA384",
}
# TLS 1.3 CipherSpecs carry their IANA names, which OpenSSL uses too.
TLS13_SPECS = ("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256",
               "TLS_AES_128_CCM_8_SHA256")
_V12, _V13 = ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3
_ALL12 = ":".join(OPENSSL_TLS12.values())
# subject attribute names as Python's getpeercert() gives them -> the short names MQ uses in SSLPEER
_DN_NAMES = {"commonName": "CN", "organizationName": "O", "organizationalUnitName": "OU", "localityName": "L",
             "stateOrProvinceName": "ST", "countryName": "C", "emailAddress": "E", "serialNumber": "SERIALNUMBER",
             "domainComponent": "DC", "userId": "UID", "streetAddress": "STREET", "postalCode": "PC", "title": "T",
             "dnQualifier": "DNQ"}


class ChannelPolicy:
    """What the listener enforces for a channel, from its SSLCIPH, SSLCAUTH and SSLPEER."""

    def __init__(self, channel):
        self.name = channel["CHANNEL"]
        spec = (channel.get("SSLCIPH") or "").strip().upper()
        self.sslciph = spec
        self.sslcauth = channel.get("SSLCAUTH", "REQUIRED")
        self.sslpeer = channel.get("SSLPEER", "") or ""
        self.tls13_exact = None
        if not spec:
            raise model.LabError("channel %s has no SSLCIPH: it is not a TLS channel" % self.name)
        if spec in OPENSSL_TLS12:
            self.versions, self.ciphers = (_V12, _V12), OPENSSL_TLS12[spec]
        elif spec in TLS13_SPECS:
            self.versions, self.ciphers, self.tls13_exact = (_V13, _V13), None, spec
        elif spec == "ANY_TLS12":
            self.versions, self.ciphers = (_V12, _V12), _ALL12
        elif spec in ("ANY_TLS12_OR_HIGHER", "ANY"):
            self.versions, self.ciphers = (_V12, _V13), _ALL12
        elif spec in ("ANY_TLS13", "ANY_TLS13_OR_HIGHER"):
            self.versions, self.ciphers = (_V13, _V13), None
        else:
            raise model.LabError("SSLCIPH(%s) of channel %s cannot be served by the lab listener (deprecated, or not a "
                                 "CipherSpec Python's ssl module can negotiate)" % (spec, self.name))

    def key(self):
        return (self.sslciph, self.sslcauth, bool(self.sslpeer.strip()))

    def context(self, cert, key, ca, password):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version, context.maximum_version = self.versions
        if self.ciphers:
            context.set_ciphers(self.ciphers)
        context.load_cert_chain(cert, key, password=password)
        context.load_verify_locations(cafile=ca)
        need_cert = self.sslcauth == "REQUIRED" or bool(self.sslpeer.strip())
        context.verify_mode = ssl.CERT_REQUIRED if need_cert else ssl.CERT_OPTIONAL
        return context


def subject_pairs(peercert):
    pairs = []
    for rdn in (peercert or {}).get("subject", ()):
        for attr, value in rdn:
            pairs.append((_DN_NAMES.get(attr, attr), value))
    return pairs


def subject_text(pairs):
    return ",".join("%s=%s" % pair for pair in reversed(pairs))


class Listener:
    def __init__(self, args):
        self.args = args
        self.store = model.Store(args.state)
        self.qmgr = args.qmgr or self._only_qmgr()
        self.channel_name = args.channel
        self.password = os.environ.get(args.key_passphrase_env) if args.key_passphrase_env else None
        if args.key_passphrase_env and self.password is None:
            raise model.LabError("environment variable %s is not set" % args.key_passphrase_env)
        self.contexts = {}
        self.events = []
        self.active = set()
        self.active_lock = threading.Lock()
        self.stopping = threading.Event()
        base = os.path.join(self.store.state_dir, "listeners")
        os.makedirs(base, mode=0o700, exist_ok=True)
        self.log_path = os.path.join(base, "%s.%s.log" % (self.qmgr, self.channel_name))
        self.info_path = os.path.join(base, "%s.%s.json" % (self.qmgr, self.channel_name))
        self.policy()  # fail at start when the channel cannot be served
        self.refresh_seen = self._refresh_count()

    def _only_qmgr(self):
        names = self.store.qmgr_names()
        if len(names) != 1:
            raise model.LabError("give --qmgr (the state holds %d queue managers)" % len(names))
        return names[0]

    def _channel(self):
        with self.store.read(self.qmgr) as data:
            channel = data["channels"].get(self.channel_name)
            if channel is None:
                raise model.LabError("channel %s does not exist on %s" % (self.channel_name, self.qmgr))
            if "SSLCAUTH" not in model.CHANNEL_ORDER[channel["CHLTYPE"]]:
                raise model.LabError("channel %s is CHLTYPE(%s), which does not accept inbound TLS" %
                                     (self.channel_name, channel["CHLTYPE"]))
            return dict(channel)

    def _refresh_count(self):
        with self.store.read(self.qmgr) as data:
            return data["security"].get("refresh_ssl_count", 0)

    def policy(self):
        return ChannelPolicy(self._channel())

    def context_for(self, policy):
        key = policy.key()
        if key not in self.contexts:
            self.contexts[key] = policy.context(self.args.cert, self.args.key, self.args.ca, self.password)
        return self.contexts[key]

    def log(self, event, **fields):
        fields.update(event=event, time=datetime.datetime.now().isoformat(timespec="milliseconds"), channel=self.channel_name)
        self.events.append(fields)     # in memory too, for a caller running the listener in-process (prove)
        with contextlib.suppress(OSError):
            with open(self.log_path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(fields, sort_keys=True) + "\n")

    # -- connections --------------------------------------------------------------------------------------
    def handle(self, conn, address):
        peer = "%s:%d" % address[:2]
        try:
            policy = self.policy()
            context = self.context_for(policy)
        except (model.LabError, ssl.SSLError, OSError) as exc:
            self.log("refused", peer=peer, reason="channel not available: %s" % exc)
            conn.close()
            return
        conn.settimeout(10)
        tls = context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
        try:
            tls.do_handshake()
        except (ssl.SSLError, OSError) as exc:
            self.log("refused", peer=peer, reason="handshake failed: %s" % exc)
            tls.close()
            return
        cipher, protocol, _bits = tls.cipher()
        pairs = subject_pairs(tls.getpeercert())
        reason = None
        if policy.tls13_exact and cipher != policy.tls13_exact:
            reason = "negotiated %s, SSLCIPH(%s) requires %s" % (cipher, policy.sslciph, policy.tls13_exact)
        elif policy.sslpeer.strip() and not mqsc.dn_matches(policy.sslpeer, pairs):
            reason = "subject %r does not match SSLPEER(%s)" % (subject_text(pairs), policy.sslpeer)
        if reason:
            self.log("refused", peer=peer, reason=reason, cipher=cipher, protocol=protocol)
            with contextlib.suppress(OSError):
                tls.close()
            return
        self.log("accepted", peer=peer, cipher=cipher, protocol=protocol, subject=subject_text(pairs))
        with self.active_lock:
            self.active.add(tls)
        try:
            tls.sendall(("MQLAB CHANNEL(%s) SSLCIPH(%s) CIPHER(%s) PROTOCOL(%s) PEER(%s)\n" %
                         (policy.name, policy.sslciph, cipher, protocol, subject_text(pairs))).encode("utf-8"))
            tls.settimeout(0.5)
            while not self.stopping.is_set():
                try:
                    data = tls.recv(4096)
                except (socket.timeout, TimeoutError):
                    continue
                if not data:
                    break
        except (ssl.SSLError, OSError):
            pass
        finally:
            with self.active_lock:
                self.active.discard(tls)
            with contextlib.suppress(OSError):
                tls.close()

    def watch_refresh(self):
        while not self.stopping.wait(0.2):
            with contextlib.suppress(model.LabError, OSError, ValueError):
                count = self._refresh_count()
                if count != self.refresh_seen:
                    self.refresh_seen = count
                    self.contexts.clear()
                    with self.active_lock:
                        victims = list(self.active)
                    for tls in victims:
                        with contextlib.suppress(OSError):
                            tls.shutdown(socket.SHUT_RDWR)
                    self.log("refresh-security-ssl", closed=len(victims))

    def serve(self, announce=True):
        """Accept connections until stopped; announce prints the port on stdout (the tls-listen command's contract)."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.args.host, self.args.port))
        sock.listen(32)
        port = sock.getsockname()[1]
        with open(self.info_path, "w", encoding="utf-8") as handle:
            json.dump({"pid": os.getpid(), "port": port, "host": self.args.host, "qmgr": self.qmgr,
                       "channel": self.channel_name}, handle, sort_keys=True)
        if self.args.port_file:
            with open(self.args.port_file + ".tmp", "w", encoding="utf-8") as handle:
                handle.write("%d\n" % port)
            os.replace(self.args.port_file + ".tmp", self.args.port_file)
        threading.Thread(target=self.watch_refresh, daemon=True).start()
        self.log("listening", port=port)
        if announce:
            sys.stdout.write("MQLAB TLS LISTENING %d\n" % port)
            sys.stdout.flush()
        try:
            while not self.stopping.is_set():
                ready, _w, _x = select.select([sock], [], [], 0.2)
                if not ready:
                    continue
                conn, address = sock.accept()
                threading.Thread(target=self.handle, args=(conn, address), daemon=True).start()
        finally:
            self.stopping.set()
            sock.close()
        return 0


def serve(args):
    listener = Listener(args)

    def on_signal(_signum, _frame):
        listener.stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return listener.serve()
