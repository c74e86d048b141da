# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
"""Command line of the emulated appliance: python -m mq_appliance_emu <command> (the files/ directory on PYTHONPATH)."""

from __future__ import annotations

import argparse
import os
import sys

from . import util


def _cmd_serve(args):
    from . import server
    return server.serve(args)


def _cmd_stop(args):
    from . import server
    return server.stop(args.state)


def _cmd_export(args):
    from . import export
    return export.main(args)


def _cmd_log(args):
    path = os.path.join(os.path.abspath(args.state), "emu-log.jsonl")
    try:
        with open(path, "r", encoding="utf-8") as handle:
            sys.stdout.write(handle.read())
    except FileNotFoundError:
        pass
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="mq_appliance_emu",
                                     description="Emulated IBM MQ Appliance CLI and file store: a test double "
                                                 "(NOT IBM software)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="the SSH command line and the HTTPS file store on 127.0.0.1")
    p.add_argument("--state", required=True)
    p.add_argument("--host", default="127.0.0.1", help="only 127.0.0.1 is accepted")
    p.add_argument("--ssh-port", type=int, default=0)
    p.add_argument("--rest-port", type=int, default=0)
    p.add_argument("--name", default="mqa", help="appliance name shown in the prompts")
    p.add_argument("--user", required=True)
    p.add_argument("--password-file", required=True, help="its first line is the password")
    p.add_argument("--qmgr", action="append", help="queue manager whose key repository to create (repeatable)")
    p.add_argument("--daemon", action="store_true", help="run in the background; print the facts when ready")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("stop", help="stop the emulator recorded in <state>/emu.json")
    p.add_argument("--state", required=True)
    p.set_defaults(func=_cmd_stop)

    p = sub.add_parser("export", help="TEST-SIDE: a queue manager's key and CAs as PKCS#12 plus <stem>.sth")
    p.add_argument("--state", required=True)
    p.add_argument("--qmgr", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("log", help="print the event log (JSON lines)")
    p.add_argument("--state", required=True)
    p.set_defaults(func=_cmd_log)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (util.EmuError, OSError) as exc:
        sys.stderr.write("mq_appliance_emu: %s\n" % exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
