# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
"""The appliance command line over SSH (paramiko server): SSH "none"/password authentication, then the
in-session login:/Password: prompts, the top mode (`mqa# `) and MQ administration mode (`mqa(mqcli)# `)."""

from __future__ import annotations

import hmac
import itertools
import socket
import threading

import paramiko

from . import mqcli

LINE_END = "\r\n"
MAX_LOGIN_TRIES = 3
MAX_LINE = 65536


class _Server(paramiko.ServerInterface):
    def __init__(self, emu):
        self.emu = emu
        self.shell_ready = threading.Event()
        self.ssh_user = None

    def get_allowed_auths(self, username):
        return "none,password"

    def check_auth_none(self, username):
        self.ssh_user = username
        return paramiko.AUTH_SUCCESSFUL

    def check_auth_password(self, username, password):
        if self.emu.password_ok(username, password):
            self.ssh_user = username
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def check_channel_request(self, kind, chanid):
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_pty_request(self, channel, term, width, height, pixelwidth, pixelheight, modes):
        return True

    def check_channel_window_change_request(self, channel, width, height, pixelwidth, pixelheight):
        return True

    def check_channel_shell_request(self, channel):
        self.shell_ready.set()
        return True

    def check_channel_exec_request(self, channel, command):
        return False  # the appliance offers its CLI only as an interactive shell


class _Closed(Exception):
    pass


class Session:
    """One interactive CLI session on one SSH channel."""

    def __init__(self, emu, channel, number, ssh_user):
        self.emu = emu
        self.channel = channel
        self.number = number
        self.user = ssh_user
        self.mode = "top"
        self._buffer = b""
        self._skip_lf = False
        self.cli = mqcli.MqCli(emu.repos)

    # ----- I/O -------------------------------------------------------------------------------------------
    def send(self, text):
        self.channel.sendall(text.encode("utf-8"))

    def send_lines(self, lines):
        if lines:
            self.send("".join(line + LINE_END for line in lines))

    def read_line(self, echo=True):
        """A line ended by \\r, \\n or \\r\\n; echoed (or only the line end, for a password)."""
        while True:
            if self._skip_lf and self._buffer:
                if self._buffer[:1] == b"\n":
                    self._buffer = self._buffer[1:]
                self._skip_lf = False
            ends = [i for i in (self._buffer.find(b"\r"), self._buffer.find(b"\n")) if i >= 0]
            if ends:
                index = min(ends)
                self._skip_lf = self._buffer[index:index + 1] == b"\r"
                text = self._buffer[:index].decode("utf-8", "replace")
                self._buffer = self._buffer[index + 1:]
                self.send((text if echo else "") + LINE_END)
                return text
            if len(self._buffer) > MAX_LINE:
                raise _Closed()
            data = self.channel.recv(4096)
            if not data:
                raise _Closed()
            self._buffer += data

    def prompt(self):
        name = self.emu.name
        self.send("%s(mqcli)# " % name if self.mode == "mqcli" else "%s# " % name)

    def log(self, event, **fields):
        self.emu.log.write(session=self.number, event=event, user=self.user, mode=self.mode, **fields)

    # ----- the dialogue ------------------------------------------------------------------------------------
    def run(self):
        self.log("connect")
        try:
            if self.login():
                self.loop()
        except (_Closed, OSError, EOFError, paramiko.SSHException):
            pass
        finally:
            self.log("close")
            try:
                self.channel.close()
            except Exception:  # pylint: disable=broad-except
                pass

    def login(self):
        for _attempt in range(MAX_LOGIN_TRIES):
            self.send("login: ")
            user = self.read_line(echo=True)
            self.send("Password: ")
            password = self.read_line(echo=False)
            if self.emu.password_ok(user, password):
                self.user = user
                self.log("login")
                self.send(LINE_END + "Welcome to the IBM MQ Appliance (mq_appliance_emu, a test double)"
                          + LINE_END + LINE_END)
                return True
            self.log("login_failed")
            self.send("% Login failed." + LINE_END)
        return False

    def loop(self):
        while True:
            self.prompt()
            line = self.read_line(echo=True)
            stripped = line.strip()
            if not stripped:
                continue
            self.log("command", command=stripped)
            word = stripped.split()[0]
            if self.mode == "top":
                if word == "exit":
                    self.send("Goodbye." + LINE_END)
                    return
                if word == "mqcli":
                    self.mode = "mqcli"
                    continue
                self.send_lines(['%% Unknown command or macro: "%s"' % word])
            else:
                if word == "exit":
                    self.mode = "top"
                    continue
                self.send_lines(self.cli.run(stripped))


class SshServer:
    """Accepts TCP connections on 127.0.0.1 and runs one thread (one Session) per connection."""

    def __init__(self, emu, host, port):
        self.emu = emu
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self._numbers = itertools.count(1)
        self._numbers_lock = threading.Lock()
        self._stopping = threading.Event()

    def serve_forever(self):
        while not self._stopping.is_set():
            try:
                client, _addr = self.sock.accept()
            except OSError:
                break
            with self._numbers_lock:
                number = next(self._numbers)
            threading.Thread(target=self._handle, args=(client, number), daemon=True).start()

    def shutdown(self):
        self._stopping.set()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def _handle(self, client, number):
        transport = paramiko.Transport(client)
        try:
            transport.add_server_key(self.emu.host_key)
            server = _Server(self.emu)
            transport.start_server(server=server)
            channel = transport.accept(30)
            if channel is None:
                return
            if not server.shell_ready.wait(30):
                channel.close()
                return
            Session(self.emu, channel, number, server.ssh_user).run()
        except (paramiko.SSHException, EOFError, OSError):
            pass
        finally:
            transport.close()


def password_matches(expected_user, expected_password, user, password):
    return hmac.compare_digest(user.encode("utf-8"), expected_user.encode("utf-8")) & \
        hmac.compare_digest(password.encode("utf-8"), expected_password.encode("utf-8"))
