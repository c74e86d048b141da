# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""STIG Viewer 3 checklist (.cklb, JSON): one target, the IBM MQ Appliance STIG, one rule entry per rule."""

from __future__ import annotations

import json

from ansible_collections.mqstig.tls.plugins.module_utils.policy import stig_catalog
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import checklist

STATUS = {checklist.OPEN: "open", checklist.NOT_A_FINDING: "not_a_finding",
          checklist.NOT_APPLICABLE: "not_applicable", checklist.NOT_REVIEWED: "not_reviewed"}


def build(host, results, release, comment="", when=""):
    """The checklist of one host as a JSON-ready dict."""
    bench = stig_catalog.RELEASES[release]
    stig_uuid = checklist.stable_uuid(host, bench["benchmark_id"], release)
    rules = []
    for result in results:
        data = stig_catalog.RULES[result.stig_id]
        ids = data[release]
        rules.append({
            "uuid": checklist.stable_uuid(host, release, result.stig_id), "stig_uuid": stig_uuid,
            "target_key": None, "stig_ref": None,
            "group_id": ids["vuln_id"], "group_id_src": ids["vuln_id"], "group_title": data["srg"],
            "group_tree": [{"id": ids["vuln_id"], "title": data["srg"],
                            "description": "<GroupDescription></GroupDescription>"}],
            "rule_id": ids["rule_id"][:-len("_rule")] if ids["rule_id"].endswith("_rule") else ids["rule_id"],
            "rule_id_src": ids["rule_id"], "rule_version": result.stig_id, "rule_title": data["title"],
            "weight": ids["weight"], "classification": "Unclassified", "severity": data["severity"],
            "discussion": ids["discussion"], "check_content": ids["check"], "fix_text": ids["fix"],
            "check_content_ref": {"href": bench["filename"], "name": "M"},
            "false_positives": "", "false_negatives": "", "documentable": "false", "mitigations": "",
            "potential_impacts": "", "third_party_tools": "", "mitigation_control": "", "responsibility": "",
            "security_override_guidance": "", "ia_controls": "",
            "legacy_ids": checklist.legacy_ids(result.stig_id, release), "ccis": list(data["cci"]),
            "reference_identifier": "", "createdAt": when, "updatedAt": when, "STIGUuid": stig_uuid,
            "status": STATUS[result.status], "overrides": {}, "comments": comment,
            "finding_details": result.details,
        })
    display_name = bench["title"].replace(" Security Technical Implementation Guide", "")
    return {
        "title": "%s - %s" % (host, bench["title"]), "id": checklist.stable_uuid(host, "checklist", release),
        "active": False, "mode": 1, "has_path": True, "cklb_version": "1.0",
        "target_data": {"target_type": "Computing", "host_name": host, "ip_address": "", "mac_address": "",
                        "fqdn": "", "comments": comment, "role": "None", "is_web_database": False,
                        "technology_area": "", "web_db_site": "", "web_db_instance": "", "classification": None},
        "stigs": [{"stig_name": bench["title"], "display_name": display_name,
                   "stig_id": bench["benchmark_id"], "release_info": bench["release_info"],
                   "version": bench["version"], "uuid": stig_uuid, "reference_identifier": "", "size": len(rules),
                   "rules": rules}],
    }


def render(host, results, release, comment="", when=""):
    """The .cklb file's bytes."""
    return (json.dumps(build(host, results, release, comment, when), indent=2, sort_keys=True) + "\n").encode("utf-8")
