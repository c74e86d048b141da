# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE (see README.md beside this file).
#
# Output shape copied from real runmqsc runs (samples A01, B01, B02, E02, X04, X06): the two banner lines and two
# blank lines; each command echoed as "%6d : text" with its continuation lines, comments and blank lines echoed
# as "       : text"; responses; the three-line trailer. Exit codes as IBM documents for runmqsc: 0 all
# commands processed, 10 at least one command failed or had a syntax error, 20 error (for example the queue
# manager does not exist: AMQ8118E). The banner reproduces IBM's first line because parsers key on it; it does
# not mean this program is IBM's.
"""The runmqsc stand-in: reads MQSC on stdin, prints runmqsc-format output."""

from __future__ import annotations

import argparse
import os
import sys

from . import model
from . import mqsc

BANNER = "5724-H72 (C) Copyright IBM Corp. 1994, 2025."  # the banner of MQ 9.4.2, the level the lab models


def _count(number, one, many):
    return one if number == 1 else many % number


def trailer(read, syntax, failed):
    lines = [_count(read, "One MQSC command read.", "%d MQSC commands read.")]
    if syntax == 0:
        lines.append("No commands have a syntax error.")
    else:
        lines.append(_count(syntax, "One command has a syntax error.", "%d commands have a syntax error."))
    if failed == 0:
        lines.append("All valid MQSC commands were processed.")
    else:
        lines.append(_count(failed, "One valid MQSC command could not be processed.",
                            "%d valid MQSC commands could not be processed."))
    return lines


def outcome_lines(outcome):
    lines = []
    for block in outcome.blocks:
        lines.extend(block.messages)
        if block.record is not None:
            lines.extend(mqsc.layout(block.record))
    return lines


def run(state_dir, qmgr, text, out, echo=True, verify=False):
    """Process MQSC `text` like `runmqsc [-e] [-v] QMGR < file`; return the exit code."""
    store = model.Store(state_dir)
    out.write(BANNER + "\n")
    out.write("Starting MQSC for queue manager %s.\n\n\n" % qmgr)
    if not store.exists(qmgr):
        out.write("AMQ8118E: IBM MQ queue manager does not exist.\n")
        return 20
    engine = mqsc.Engine(store, qmgr)
    read = syntax = failed = 0
    for entry in mqsc.split_script(text):
        if entry[0] == "other":
            if echo:
                out.write(("       : " + entry[1][0]).rstrip() + "\n")
            continue
        _kind, lines, joined = entry
        outcome = engine.run_text(joined, verify_only=verify)
        if outcome.ended:
            break
        read += 1
        if echo:
            out.write("%6d : %s\n" % (read, lines[0]))
            for line in lines[1:]:
                out.write(("       : " + line).rstrip() + "\n")
        if outcome.syntax_error:
            syntax += 1
        elif outcome.failed:
            failed += 1
        for line in outcome_lines(outcome):
            out.write(line + "\n")
    for line in trailer(read, syntax, failed):
        out.write(line + "\n")
    return 10 if (syntax or failed) else 0


def main(argv=None, stdin=None, stdout=None):
    parser = argparse.ArgumentParser(prog="runmqsc", description="runmqsc stand-in of the lab queue manager (not IBM software)")
    parser.add_argument("--state", default=os.environ.get("MQ_LAB_STATE"), help="lab state directory (or MQ_LAB_STATE)")
    parser.add_argument("-e", dest="echo", action="store_false", help="do not echo the MQSC commands")
    parser.add_argument("-v", dest="verify", action="store_true", help="verify the commands without running them")
    parser.add_argument("-w", dest="wait", help="accepted and ignored (remote queue manager wait time)")
    parser.add_argument("-u", dest="user", help="accepted and ignored (the lab does not authenticate runmqsc)")
    parser.add_argument("-x", dest="zos", action="store_true", help="accepted and ignored")
    parser.add_argument("qmgr", nargs="?", default=os.environ.get("MQ_LAB_DEFAULT_QMGR"))
    args = parser.parse_args(argv)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if not args.state:
        parser.error("no state directory: give --state or set MQ_LAB_STATE")
    if not args.qmgr:
        names = model.Store(args.state).qmgr_names()
        args.qmgr = names[0] if len(names) == 1 else ""
    return run(args.state, args.qmgr or "", stdin.read(), stdout, echo=args.echo, verify=args.verify)
