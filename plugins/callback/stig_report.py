# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: stig_report
type: aggregate
short_description: Write the DISA STIG checklists and results of a run (CKL, CKLB, XCCDF, JSON, JUnit)
version_added: 0.1.0
description:
  - Collects the policy findings that the collection's modules return (the C(findings) of every task result, in
    the schema of the collection's C(docs/findings.md)), per host and object. When an object is reported again later
    in the run, the later findings replace the earlier ones, so a remediation run reports what it left.
  - At the end of the playbook it writes, for every host, a STIG Viewer 3 checklist C(<host>.cklb), a STIG Viewer 2
    checklist C(<host>.ckl) and an XCCDF 1.2 result C(<host>-xccdf-results.xml) for the DISA IBM MQ Appliance
    V9.0 AS STIG; for the whole run a JSON summary C(summary.json) and a JUnit file C(junit.xml); and it prints a
    short table of every host and rule the collection checks.
  - "A rule is V(Open) when a finding about it fails; V(NotAFinding) only when findings about it were made and
    none fails; V(Not_Reviewed) when the host was unreachable, a task failed on it, no check of the rule ran, or
    the collection does not check the rule; V(Not_Applicable) when the collection checks the rule only on the other
    kind of host (queue managers or MQ clients). The finding details name each object and why."
  - Enable it in C(ansible.cfg) (C(callbacks_enabled = mqstig.tls.stig_report)) or with
    E(ANSIBLE_CALLBACKS_ENABLED=mqstig.tls.stig_report).
author:
  - mqstig.tls maintainers (@mqstig)
requirements:
  - enabled in the configuration (callbacks_enabled)
options:
  report_dir:
    description:
      - Directory for the reports; created (mode 0750) when missing.
      - When not set, C(mqstig-reports) inside the job's artifact directory under ansible-runner, AWX and Ansible
        Automation Platform (E(AWX_ISOLATED_DATA_DIR)), else C(mqstig-reports) in the current directory.
    type: path
    env:
      - name: MQSTIG_REPORT_DIR
    ini:
      - section: mqstig_report
        key: report_dir
  release:
    description: Which release's rule and vulnerability ids the checklists and results carry.
    type: str
    choices: [V1R1, V1R2]
    default: V1R2
    env:
      - name: MQSTIG_REPORT_RELEASE
    ini:
      - section: mqstig_report
        key: release
  formats:
    description: Which files to write.
    type: list
    elements: str
    default: [cklb, ckl, xccdf, json, junit]
    env:
      - name: MQSTIG_REPORT_FORMATS
    ini:
      - section: mqstig_report
        key: formats
  client_group:
    description: Inventory group of the MQ client hosts (to tell which rules apply to a host).
    type: str
    default: mq_clients
    env:
      - name: MQSTIG_REPORT_CLIENT_GROUP
    ini:
      - section: mqstig_report
        key: client_group
  qmgr_group:
    description: Inventory group of the queue managers.
    type: str
    default: mq_queue_managers
    env:
      - name: MQSTIG_REPORT_QMGR_GROUP
    ini:
      - section: mqstig_report
        key: qmgr_group
  table:
    description: Print the table of hosts and rules at the end of the run.
    type: bool
    default: true
    env:
      - name: MQSTIG_REPORT_TABLE
    ini:
      - section: mqstig_report
        key: table
notes:
  - Only hosts that returned findings, failed or were unreachable get reports.
  - The reports hold what the findings hold (object names, CipherSpecs, certificate subjects, expiry dates, reasons);
    the collection never puts passwords, stash contents or key material in findings.
"""

import datetime
import os

from ansible import context
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.callback import CallbackBase

from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import checklist
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import ckl
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import cklb
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import junit_xml
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import summary
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import xccdf_results
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import writer

VERSION = "0.1.0"


def _now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "mqstig.tls.stig_report"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None, options=None):
        super().__init__(display=display, options=options)
        self.hosts = {}
        self.groups = {}
        self.start = _now()

    # ---- collecting ------------------------------------------------------------------------------
    def _record(self, host):
        if host not in self.hosts:
            self.hosts[host] = checklist.HostRecord(host)
        return self.hosts[host]

    def v2_playbook_on_play_start(self, play):
        manager = play.get_variable_manager()
        inventory = getattr(manager, "_inventory", None)
        if inventory is not None:
            self.groups = inventory.get_groups_dict()

    def _findings(self, result, data):
        findings = data.get("findings") if isinstance(data, dict) else None
        if isinstance(findings, list) and findings:
            task = result._task.get_name()
            label = data.get("_ansible_item_label", data.get("item"))
            if label is not None:
                task = "%s [%s]" % (task, to_text(label))
            self._record(result._host.get_name()).add_findings(findings, task)

    def v2_runner_on_ok(self, result):
        if "results" not in result._result:     # a loop's items come through v2_runner_item_on_ok
            self._findings(result, result._result)

    def v2_runner_item_on_ok(self, result):
        self._findings(result, result._result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if ignore_errors:
            return
        message = result._result.get("msg") or result._result.get("stderr") or "failed"
        self._record(result._host.get_name()).add_error(result._task.get_name(), to_text(message).splitlines()[0])

    def v2_runner_on_unreachable(self, result):
        message = result._result.get("msg") or "unreachable"
        self._record(result._host.get_name()).unreachable = to_text(message).splitlines()[0]

    # ---- writing ---------------------------------------------------------------------------------
    def _report_dir(self):
        chosen = self.get_option("report_dir")
        if chosen:
            return os.path.abspath(os.path.expanduser(chosen))
        artifacts = os.environ.get("AWX_ISOLATED_DATA_DIR")
        return os.path.join(artifacts if artifacts else os.getcwd(), "mqstig-reports")

    def v2_playbook_on_stats(self, stats):
        if not self.hosts:
            return
        end = _now()
        release = self.get_option("release")
        formats = [str(f).strip().lower() for f in self.get_option("formats") or []]
        clients = set(self.groups.get(self.get_option("client_group"), []))
        qmgrs = set(self.groups.get(self.get_option("qmgr_group"), []))
        check_mode = bool(context.CLIARGS.get("check"))
        comment = "mqstig.tls %s %s, %s" % (VERSION, "audit (check mode)" if check_mode else "run", end)
        evaluated, files = {}, {}
        for name, record in sorted(self.hosts.items()):
            if name in clients:
                record.kinds.add(checklist.CLIENT)
            if name in qmgrs:
                record.kinds.add(checklist.QMGR)
            evaluated[name] = (record, checklist.evaluate(record))
        directory = self._report_dir()
        try:
            writer.ensure_directory(directory)
            for name, (record, results) in evaluated.items():
                stem = writer.safe_name(name)
                outputs = []
                if "cklb" in formats:
                    outputs.append((stem + ".cklb", cklb.render(name, results, release, comment, end)))
                if "ckl" in formats:
                    outputs.append((stem + ".ckl", ckl.render(name, results, release, comment)))
                if "xccdf" in formats:
                    outputs.append((stem + "-xccdf-results.xml", xccdf_results.render(
                        name, results, release, self.start, end, bool(record.errors), VERSION)))
                files[name] = [writer.write(directory, file_name, data) for file_name, data in outputs]
            if "junit" in formats:
                writer.write(directory, "junit.xml", junit_xml.render(evaluated, release, end))
            if "json" in formats:
                writer.write(directory, "summary.json", summary.render(evaluated, release, self.start, end,
                                                                       check_mode, files))
        except OSError as exc:
            self._display.warning("mqstig.tls.stig_report could not write the reports in %s: %s" % (directory, exc))
            return
        if self.get_option("table"):
            self._display.banner("MQ STIG %s (%s)" % (release, "audit, check mode" if check_mode else "run"))
            for line in summary.table(evaluated):
                self._display.display(line)
            self._display.display("reports: %s" % directory)
