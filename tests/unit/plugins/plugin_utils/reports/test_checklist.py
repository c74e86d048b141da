# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The status of every rule on a host, from its findings: each branch of the logic, and the replacement rule."""

from __future__ import annotations

from ansible_collections.mqstig.tls.plugins.module_utils.policy import findings as fnd
from ansible_collections.mqstig.tls.plugins.module_utils.policy import stig_catalog
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import checklist as cl


def finding(code, status, obj_type, name, rules):
    return fnd.make_finding(code, status, obj_type, name, "expected value", "actual value", "why " + code,
                            rules=rules, profile="nist")


def by_rule(host):
    return {r.stig_id: r for r in cl.evaluate(host)}


def qmgr(*findings):
    host = cl.HostRecord("qm1")
    host.kinds.add(cl.QMGR)
    host.add_findings(list(findings), "audit")
    return host


def test_every_rule_of_the_stig_gets_one_status():
    results = cl.evaluate(qmgr())
    assert [r.stig_id for r in results] == list(stig_catalog.RULES)
    assert all(r.status in cl.STATUSES for r in results)


def test_open_names_each_failing_object_and_why():
    host = qmgr(finding("CIPHERSPEC_NONE", "fail", "channel", "APP2.SVRCONN", fnd.RULES_CHANNEL_TLS),
                finding("CHANNEL_SSLPEER", "warn", "channel", "APP2.SVRCONN", fnd.RULES_CHANNEL_TLS),
                finding("CHANNEL_COMPLIANT", "pass", "channel", "APP1.SVRCONN", fnd.RULES_CHANNEL_TLS))
    result = by_rule(host)["MQMH-AS-001170"]
    assert result.status == cl.OPEN
    assert "FAIL CIPHERSPEC_NONE channel APP2.SVRCONN: why CIPHERSPEC_NONE" in result.details
    assert "expected expected value; found actual value" in result.details
    assert "WARN CHANNEL_SSLPEER" in result.details and "APP1.SVRCONN" not in result.details
    assert result.counts() == {"fail": 1, "warn": 1, "pass": 1}


def test_not_a_finding_only_when_findings_were_made_and_none_failed():
    results = by_rule(qmgr(finding("QMGR_SSLFIPS", "pass", "qmgr", "QM1", fnd.RULES_SSLFIPS)))
    assert results["MQMH-AS-001200"].status == cl.NOT_A_FINDING
    assert "QM1" in results["MQMH-AS-001200"].details
    # Covered on queue managers, but nothing checked it here: not reviewed, never a pass.
    assert results["MQMH-AS-001170"].status == cl.NOT_REVIEWED
    assert "No check of this rule ran" in results["MQMH-AS-001170"].details
    # A rule the collection does not check at all.
    assert results["MQMH-AS-000010"].status == cl.NOT_REVIEWED
    assert "does not check this rule" in results["MQMH-AS-000010"].details


def test_rules_of_the_other_kind_of_host_are_not_applicable():
    client = cl.HostRecord("app1")
    client.kinds.add(cl.CLIENT)
    client.add_findings([finding("KEYREPO_APPROVED", "pass", "keyrepo", "/var/mqm/ssl/app1.p12",
                                 fnd.RULES_KEY_MANAGEMENT)], "keyrepo")
    results = by_rule(client)
    assert results["MQMH-AS-001180"].status == cl.NOT_A_FINDING
    assert results["MQMH-AS-001200"].status == cl.NOT_APPLICABLE
    assert "an MQ client host" in results["MQMH-AS-001200"].details


def test_an_error_or_an_unreachable_host_is_never_a_pass():
    host = qmgr(finding("QMGR_SSLFIPS", "pass", "qmgr", "QM1", fnd.RULES_SSLFIPS))
    host.add_error("mq_channel_info", "HTTP 401 from the REST API (MQWB0112E)")
    results = by_rule(host)
    assert results["MQMH-AS-001200"].status == cl.NOT_REVIEWED
    assert "HTTP 401" in results["MQMH-AS-001200"].details
    # A failure still counts as Open even when other checks could not run.
    host.add_findings([finding("QMGR_SSLFIPS", "fail", "qmgr", "QM1", fnd.RULES_SSLFIPS)], "again")
    assert by_rule(host)["MQMH-AS-001200"].status == cl.OPEN
    gone = cl.HostRecord("qm2")
    gone.unreachable = "ssh: connect to host qm2 port 22: Connection refused"
    assert {r.status for r in cl.evaluate(gone)} == {cl.NOT_REVIEWED}
    assert "Connection refused" in cl.evaluate(gone)[0].details


def test_later_reports_replace_earlier_ones():
    host = cl.HostRecord("app1")
    # The audit before the remediation: drift on two attributes of one file.
    host.add_findings([finding("CLIENT_SSL_ATTRIBUTE_DRIFT", "fail", "file", "mqclient.ini SSL:SSLKeyRepository",
                               fnd.RULES_KEY_MANAGEMENT),
                       finding("CLIENT_SSL_ATTRIBUTE_DRIFT", "fail", "file", "mqclient.ini SSL:CertificateLabel",
                               fnd.RULES_KEY_MANAGEMENT)], "client config")
    # The same task after the remediation names the stanza as a whole: what it said before is gone.
    host.add_findings([finding("CLIENT_SSL_STANZA_COMPLIANT", "pass", "file", "mqclient.ini SSL",
                               fnd.RULES_KEY_MANAGEMENT)], "client config")
    # Another task about the same object replaces that object's findings too.
    host.add_findings([finding("KEYREPO_MISSING", "fail", "keyrepo", "app1.p12", fnd.RULES_KEY_MANAGEMENT)], "step 1")
    host.add_findings([finding("KEYREPO_APPROVED", "pass", "keyrepo", "app1.p12", fnd.RULES_KEY_MANAGEMENT)], "audit")
    assert [f["code"] for f in host.findings()] == ["CLIENT_SSL_STANZA_COMPLIANT", "KEYREPO_APPROVED"]
    assert by_rule(host)["MQMH-AS-001180"].status == cl.NOT_A_FINDING
    # Without groups, the kind of host is told from its objects.
    assert host.host_kinds() == {cl.CLIENT}
    assert qmgr().host_kinds() == {cl.QMGR}


def test_things_that_are_not_findings_are_ignored():
    host = cl.HostRecord("x")
    host.add_findings([{"code": "X"}, "text", None, {"status": "fail"}], "t")
    assert host.findings() == []


def test_legacy_ids_and_stable_uuids():
    assert cl.legacy_ids("MQMH-AS-001180", "V1R2") == ["SV-89591", "V-74917"]
    assert cl.legacy_ids("MQMH-AS-001180", "V1R1") == []
    assert cl.stable_uuid("qm1", "V1R2") == cl.stable_uuid("qm1", "V1R2") != cl.stable_uuid("qm2", "V1R2")


def test_tally_and_checked():
    results = cl.evaluate(qmgr(finding("QMGR_SSLFIPS", "fail", "qmgr", "QM1", fnd.RULES_SSLFIPS)))
    tally = cl.tally(results)
    assert sum(tally.values()) == len(stig_catalog.RULES) and tally[cl.OPEN] == 4
    assert {r.stig_id for r in cl.checked(results)} == set(cl.COVERAGE)
