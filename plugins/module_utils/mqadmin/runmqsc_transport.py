# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`runmqsc QM` on a distributed MQ host as a transport.

The MQSC (built by `mqsc`, so no value can inject a command) goes to runmqsc's standard input;
its output is read by `mqsc_output`, which knows runmqsc's layout. runmqsc exits 0 when every
command worked, 10 when some failed and 20 on an error; the AMQ messages say which. The
process call is injected: `run_command(argv, data) -> (rc, stdout, stderr)`.
"""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin import mqsc_output
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.admin_error import AdminError
from ansible_collections.mqstig.tls.plugins.module_utils.mqadmin.mqsc_changes import MqscChangesMixin


class RunmqscTransport(MqscChangesMixin):
    """MQSC through runmqsc on the managed host."""

    name = "runmqsc"

    def __init__(self, qmgr, run_command, binary="runmqsc"):
        mqsc.validate_name(qmgr, "qmgr")
        self.qmgr = qmgr
        self.run_command = run_command
        self.binary = binary
        self.round_trips = 0
        self.sent = []

    def run(self, command, tolerate_not_found=False):
        """Run one command; its output text. AdminError when runmqsc reports an error."""
        self.round_trips += 1
        self.sent.append(command)
        rc, out, err = self.run_command([self.binary, self.qmgr], mqsc.script([command]))
        problems = mqsc_output.errors(out)
        if rc == 0 and not problems:
            return out
        not_found = bool(mqsc_output.not_found(out))
        if not_found and tolerate_not_found:
            return out
        if problems:
            detail = "; ".join("%s: %s" % (m["id"], m["text"]) for m in problems)
        else:
            lines = (err or out).strip().splitlines()
            detail = lines[-1] if lines else "no output"
        raise AdminError("%s on %s failed (runmqsc exit %s): %s" % (command.split("(", 1)[0].strip(), self.qmgr, rc, detail),
                         not_found=not_found, details={"rc": rc})

    def display_channels(self, pattern="*", chltype=None):
        out = self.run(mqsc.display_channel(pattern, chltype), tolerate_not_found=True)
        return mqsc_output.display_attributes(out)

    def display_qmgr(self):
        records = mqsc_output.display_attributes(self.run(mqsc.display_qmgr()))
        if not records:
            raise AdminError("DISPLAY QMGR returned nothing for %s" % self.qmgr)
        return records[0]

    def display_chlauth(self, profile="*"):
        return mqsc_output.display_attributes(self.run(mqsc.display_chlauth(profile), tolerate_not_found=True))
