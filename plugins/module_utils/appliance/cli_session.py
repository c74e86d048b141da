# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One interactive session with the MQ Appliance command line, over SSH.

The appliance's SSH interface is driven as a terminal, the way IBM's own scripts do it [3P: the
ibm-messaging/mq-appliance samples]: after SSH connects, the appliance prompts ``login: `` and
``Password: `` inside the session, then shows ``<name># `` (``mqa# `` on IBM's samples); ``mqcli``
enters MQ administration mode, ``<name>(mqcli)# ``; ``exit`` leaves each mode. A command has
finished when the prompt of its mode comes back.

`CliSession` reads and writes through an injected channel (``send(bytes)``, ``recv(n)``,
``settimeout(s)``), so it is tested without SSH; `open_ssh_session` makes that channel with
paramiko, checking the appliance's host key. Passwords are sent to the channel and kept nowhere:
they are never in an error, a transcript or a command list.
"""

from __future__ import annotations

import re
import socket
import time

try:
    import paramiko
    HAS_PARAMIKO = True
    PARAMIKO_IMPORT_ERROR = None
except ImportError as _exc:  # pragma: no cover - the module reports missing_required_lib
    paramiko = None
    HAS_PARAMIKO = False
    PARAMIKO_IMPORT_ERROR = _exc

# The appliance CLI marks its errors with a leading "%" [3P: IBM's samples treat "%" as failure]; the certificate
# commands report GSKit (CTGSKnnnnW/E) and MQ (AMQnnnnE) messages [U for these commands].
ERROR_LINE_RE = re.compile(r"^\s*(?:%.*|(?:CTGSK|AMQ)\d{4}[EW]\b.*)$")
_PROMPT_RE = re.compile(r"(?:^|\n)(?P<name>[A-Za-z0-9_.-]+)(?P<mode>\([A-Za-z0-9_-]+\))?# $")
_LOGIN_RE = re.compile(r"(?:^|\n)[^\n]*login: ?$", re.IGNORECASE)
_PASSWORD_RE = re.compile(r"(?:^|\n)[^\n]*password: ?$", re.IGNORECASE)
_LOGIN_FAILED_RE = re.compile(r"login failed|access denied|authentication failed", re.IGNORECASE)


class ApplianceCliError(Exception):
    """The appliance could not be reached, refused the login, or answered a command with an error."""

    def __init__(self, message, command=None, output=None):
        super().__init__(message)
        self.command = command
        self.output = output
        self.lines = error_lines(output or "")


def error_lines(text):
    """The lines of an output that report an error."""
    return [line.strip() for line in text.splitlines() if ERROR_LINE_RE.match(line)]


def _clean(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


class CliSession:
    """Login, mode changes and commands on one appliance CLI channel."""

    def __init__(self, channel, timeout=60.0, poll=0.2):
        self.channel = channel
        self.timeout = float(timeout)
        self.poll = poll
        self.buffer = ""
        self.mode = None  # None before login, "" at the top level, "mqcli" in MQ administration mode
        self.name = None
        self.commands = []  # every command sent (never a password)
        self.transport = None  # the SSH transport, closed with the session
        self._secrets = []  # masked in every message, should the appliance ever echo one
        self.channel.settimeout(poll)

    # ------------------------------------------------------------ low level
    def _scrub(self, text):
        for secret in self._secrets:
            text = text.replace(secret, "********")
        return text

    def _receive(self, deadline):
        try:
            data = self.channel.recv(65536)
        except socket.timeout:
            data = None
        if data == b"":
            raise ApplianceCliError("the appliance closed the session")
        if data:
            self.buffer += _clean(data.decode("utf-8", "replace"))
        elif time.monotonic() > deadline:
            raise ApplianceCliError("no answer from the appliance within %.0f s (last output: %r)"
                                    % (self.timeout, self._scrub(self.buffer)[-200:]))

    def _expect(self, patterns, timeout=None):
        """Read until one of `patterns` matches the end of the output; (index, text before the match, match)."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            for index, pattern in enumerate(patterns):
                match = pattern.search(self.buffer)
                if match:
                    text = self.buffer[:match.start()]
                    self.buffer = ""
                    return index, text, match
            self._receive(deadline)

    def _send_line(self, text):
        self.channel.send((text + "\n").encode("utf-8"))

    # ------------------------------------------------------------ login and modes
    def login(self, username, password, tries=1):
        """Answer the appliance's own login: and Password: prompts (when it shows them) and wait for its prompt."""
        if password:
            self._secrets.append(password)
        for _attempt in range(3 + tries):
            index, text, match = self._expect([_PROMPT_RE, _LOGIN_RE, _PASSWORD_RE])
            if index == 0:
                self._at_prompt(match)
                return
            if _LOGIN_FAILED_RE.search(text):
                raise ApplianceCliError("the appliance refused the login of %s (wrong user name or password)"
                                        % username)
            if index == 1:
                self._send_line(username)
            else:
                self._send_line(password)
        raise ApplianceCliError("the appliance did not give a prompt after the login of %s" % username)

    def _at_prompt(self, match):
        self.name = match.group("name")
        mode = match.group("mode")
        self.mode = mode[1:-1] if mode else ""

    def enter_mqcli(self):
        if self.mode == "mqcli":
            return
        self._command("mqcli")
        if self.mode != "mqcli":
            raise ApplianceCliError("the appliance did not enter MQ administration mode (mqcli); prompt mode %r"
                                    % self.mode, command="mqcli")

    def _command(self, command):
        if "\n" in command or "\r" in command:
            raise ApplianceCliError("a command is one line: %r" % command)
        self.commands.append(command)
        self._send_line(command)
        _index, text, match = self._expect([_PROMPT_RE])
        self._at_prompt(match)
        lines = text.split("\n")
        # The terminal echoes the command first.
        if lines and lines[0].strip().endswith(command.strip()):
            lines = lines[1:]
        return self._scrub("\n".join(lines).strip("\n"))

    def run(self, command, check=True):
        """The output of one MQ administration command; ApplianceCliError when it reports an error."""
        self.enter_mqcli()
        output = self._command(command)
        if self.mode != "mqcli":
            raise ApplianceCliError("the appliance left MQ administration mode after %r" % command, command, output)
        if check and error_lines(output):
            raise ApplianceCliError("%s: %s" % (command.split(" ", 1)[0], "; ".join(error_lines(output))),
                                    command, output)
        return output

    def close(self):
        """Leave each mode with exit, as IBM's scripts do, then close the channel."""
        try:
            if self.mode == "mqcli":
                self._command("exit")
            if self.mode == "":
                self.commands.append("exit")
                self._send_line("exit")
        except ApplianceCliError:
            pass
        finally:
            for closable in (self.channel, self.transport):
                try:
                    if closable is not None:
                        closable.close()
                except Exception:  # pylint: disable=broad-exception-caught
                    pass


# ---------------------------------------------------------------- SSH
def _known_host_names(host, port):
    return [host] if int(port) == 22 else ["[%s]:%d" % (host, int(port))]


def check_host_key(key, host, port, known_hosts_file=None, host_key=None):
    """Raise ApplianceCliError unless `key` (paramiko PKey) is the appliance's known key."""
    offered = "%s %s" % (key.get_name(), key.get_base64())
    if host_key:
        fields = host_key.split()
        pairs = [(fields[i], fields[i + 1]) for i in range(len(fields) - 1) if fields[i].startswith(("ssh-", "ecdsa-"))]
        if any("%s %s" % pair == offered for pair in pairs):
            return
        raise ApplianceCliError("the SSH host key of %s:%s (%s) is not the one given in host_key; refusing to log in"
                                % (host, port, offered[:60]))
    known = paramiko.HostKeys()
    if known_hosts_file:
        try:
            known.load(known_hosts_file)
        except (IOError, OSError) as exc:
            raise ApplianceCliError("cannot read known_hosts_file %s: %s" % (known_hosts_file, exc))
    for name in _known_host_names(host, port):
        entry = known.lookup(name)
        if entry is None:
            continue
        if key.get_name() in entry and entry[key.get_name()] == key:
            return
        raise ApplianceCliError("the SSH host key of %s changed (it offers %s); refusing to log in. Check the "
                                "appliance, then update %s" % (name, key.get_name(), known_hosts_file))
    raise ApplianceCliError("the SSH host key of %s:%s is not in %s; add the appliance's key (ssh-keyscan, checked "
                            "against the appliance console) or give host_key" % (host, port, known_hosts_file))


def _authenticate(transport, username, password):
    """SSH authentication: "none" first (the appliance logs in inside the session), then the password."""
    try:
        transport.auth_none(username)
        return
    except paramiko.BadAuthenticationType as exc:
        allowed = list(exc.allowed_types)
    except paramiko.AuthenticationException:
        allowed = ["password", "keyboard-interactive"]
    if "password" in allowed:
        transport.auth_password(username, password)
    elif "keyboard-interactive" in allowed:
        transport.auth_interactive(username, lambda _title, _instructions, prompts: [password for _p in prompts])
    else:
        raise ApplianceCliError("the appliance's SSH server offers only %s authentication" % ", ".join(allowed))


def open_ssh_session(host, port, username, password, known_hosts_file=None, host_key=None, host_key_checking=True,
                     timeout=60.0):
    """Connect, check the host key, authenticate, log in: a CliSession at the appliance's top-level prompt."""
    if not HAS_PARAMIKO:
        raise ApplianceCliError("paramiko is required to reach the appliance CLI")
    try:
        sock = socket.create_connection((host, int(port)), timeout=timeout)
    except (OSError, socket.timeout) as exc:
        raise ApplianceCliError("cannot connect to the appliance at %s:%s: %s" % (host, port, exc))
    transport = paramiko.Transport(sock)
    try:
        transport.start_client(timeout=timeout)
        if host_key_checking:
            check_host_key(transport.get_remote_server_key(), host, port, known_hosts_file, host_key)
        _authenticate(transport, username, password)
        channel = transport.open_session(timeout=timeout)
        channel.get_pty(term="vt100", width=1000, height=50)
        channel.invoke_shell()
        session = CliSession(channel, timeout=timeout)
        session.transport = transport
        session.login(username, password)
        return session
    except paramiko.SSHException as exc:
        transport.close()
        raise ApplianceCliError("SSH to the appliance at %s:%s failed: %s" % (host, port, exc))
    except ApplianceCliError:
        transport.close()
        raise
