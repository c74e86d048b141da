# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
"""Command line of the lab queue manager: python -m mq_lab_qmgr <subcommand> (the files/ directory on PYTHONPATH)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import model


def _password_from(args):
    """--password, else the first line of --password-file, else MQ_LAB_PASSWORD."""
    if getattr(args, "password_file", None):
        with open(args.password_file, "r", encoding="utf-8") as handle:
            return handle.readline().strip()
    return args.password or os.environ.get("MQ_LAB_PASSWORD")


def _cmd_seed(args):
    model.seed(args.state, args.qmgr, weak_ciphers=args.weak_ciphers, ssl_v3=args.ssl_v3, replace=args.replace)
    password = _password_from(args)
    summary = {"state": os.path.abspath(args.state), "qmgr": args.qmgr, "weak_ciphers": args.weak_ciphers}
    if password:
        model.set_user(args.state, args.user, password, role=args.role)
        summary["user"] = args.user
    print(json.dumps(summary, sort_keys=True))
    return 0


def _cmd_user(args):
    password = args.password or os.environ.get("MQ_LAB_PASSWORD")
    if not password:
        raise model.LabError("give --password or set MQ_LAB_PASSWORD")
    model.set_user(args.state, args.user, password, role=args.role)
    return 0


def _cmd_bulk(args):
    attrs = {}
    if args.sslciph is not None:
        attrs["SSLCIPH"] = args.sslciph.strip().upper()
    if args.sslcauth is not None:
        attrs["SSLCAUTH"] = args.sslcauth.upper()
    if args.descr is not None:
        attrs["DESCR"] = args.descr
    qmgr = args.qmgr or _only_qmgr(args.state)
    names = model.bulk_channels(args.state, qmgr, args.count, prefix=args.prefix, chltype=args.chltype, start=args.start,
                                attrs=attrs)
    print(json.dumps({"qmgr": qmgr, "count": len(names), "first": names[0], "last": names[-1]}))
    return 0


def _only_qmgr(state):
    names = model.Store(state).qmgr_names()
    if len(names) != 1:
        raise model.LabError("give --qmgr (the state holds %d queue managers)" % len(names))
    return names[0]


def _cmd_serve_rest(args):
    from . import rest
    return rest.serve(args)


def _cmd_stop_rest(args):
    from . import rest
    return rest.stop(args.state)


def _cmd_tls_listen(args):
    from . import tls_listener
    return tls_listener.serve(args)


def _cmd_prove(args):
    from . import prove
    return prove.main(args)


def _cmd_stats(args):
    from . import rest
    stats = rest.read_stats(args.state)
    if args.reset:
        rest.reset_stats(args.state)
    print(json.dumps(stats, indent=2, sort_keys=True))
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="mq_lab_qmgr",
                                     description="Lab queue manager: a test double of IBM MQ (NOT IBM software)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("seed", help="create a queue manager like a fresh MQ 9.4 developer one")
    p.add_argument("--state", required=True)
    p.add_argument("--qmgr", default="QM1")
    p.add_argument("--weak-ciphers", action="store_true", help="accept deprecated CipherSpecs (AllowWeakCipherSpec)")
    p.add_argument("--ssl-v3", action="store_true", help="also accept SSL 3.0 CipherSpecs (AllowSSLV3)")
    p.add_argument("--replace", action="store_true", help="replace an existing queue manager of that name")
    p.add_argument("--user", default="mqadmin", help="REST user to create (with --password or MQ_LAB_PASSWORD)")
    p.add_argument("--password", help="REST password (prefer the MQ_LAB_PASSWORD environment variable)")
    p.add_argument("--password-file", help="read the REST password from the first line of this file")
    p.add_argument("--role", default="MQWebAdmin", choices=model.ROLES)
    p.set_defaults(func=_cmd_seed)

    p = sub.add_parser("user", help="add or change a REST user")
    p.add_argument("--state", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password")
    p.add_argument("--role", default="MQWebAdmin", choices=model.ROLES)
    p.set_defaults(func=_cmd_user)

    p = sub.add_parser("bulk-channels", help="define N channels in one transaction")
    p.add_argument("--state", required=True)
    p.add_argument("--qmgr")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--prefix", default="APP.")
    p.add_argument("--start", type=int, default=1)
    p.add_argument("--chltype", default="SVRCONN", choices=model.CHANNEL_TYPES)
    p.add_argument("--sslciph")
    p.add_argument("--sslcauth", choices=("REQUIRED", "OPTIONAL", "required", "optional"))
    p.add_argument("--descr")
    p.set_defaults(func=_cmd_bulk)

    sub.add_parser("runmqsc", help="the runmqsc stand-in: runmqsc --state DIR [-e] [-v] QMGR < commands", add_help=False)

    p = sub.add_parser("serve-rest", help="the administrative REST API over HTTPS on 127.0.0.1")
    p.add_argument("--state", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--qmgr", action="append", help="serve only these queue managers (default: all in the state)")
    p.add_argument("--ltpa-expiry", type=int, default=7200, help="LTPA token lifetime in seconds")
    p.add_argument("--daemon", action="store_true", help="run in the background; print the connection facts when ready")
    p.set_defaults(func=_cmd_serve_rest)

    p = sub.add_parser("stop-rest", help="stop the REST server recorded in <state>/rest.json")
    p.add_argument("--state", required=True)
    p.set_defaults(func=_cmd_stop_rest)

    p = sub.add_parser("tls-listen", help="a TLS listener enforcing one channel's SSLCIPH / SSLCAUTH / SSLPEER")
    p.add_argument("--state", required=True)
    p.add_argument("--qmgr")
    p.add_argument("--channel", required=True)
    p.add_argument("--cert", required=True, help="server certificate (PEM; may hold the chain)")
    p.add_argument("--key", required=True, help="server private key (PEM, optionally encrypted)")
    p.add_argument("--ca", required=True, help="CA certificates trusted for client certificates (PEM)")
    p.add_argument("--key-passphrase-env", help="environment variable holding the key's passphrase")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file", help="write the chosen port here when listening")
    p.set_defaults(func=_cmd_tls_listen)

    p = sub.add_parser("prove", help="a client with its certificate gets through a channel, one without does not")
    p.add_argument("--state", required=True)
    p.add_argument("--qmgr")
    p.add_argument("--channel", required=True)
    p.add_argument("--qmgr-keyrepo", required=True, help="the queue manager's PKCS#12 key repository")
    p.add_argument("--client-keyrepo", required=True, help="the client's PKCS#12 key repository")
    p.add_argument("--qmgr-password-env",
                   help="environment variable holding its password (default: read it from its stash, <stem>.sth)")
    p.add_argument("--client-password-env",
                   help="environment variable holding the client's (default: --qmgr-password-env, else its stash)")
    p.set_defaults(func=_cmd_prove)

    p = sub.add_parser("stats", help="the REST request counters (a lab side channel, not IBM's API)")
    p.add_argument("--state", required=True)
    p.add_argument("--reset", action="store_true")
    p.set_defaults(func=_cmd_stats)
    return parser


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["runmqsc"]:
        from . import runmqsc  # its own options, as the real command has (-e, -v, QMGR)
        return runmqsc.main(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except model.LabError as exc:
        sys.stderr.write("mq_lab_qmgr: %s\n" % exc)
        return 2


if __name__ == "__main__":
    sys.exit(main())
