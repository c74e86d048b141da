# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""STIG Viewer 2 checklist (.ckl, XML): one asset, the IBM MQ Appliance STIG, one VULN per rule."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ansible_collections.mqstig.tls.plugins.module_utils.policy import stig_catalog
from ansible_collections.mqstig.tls.plugins.plugin_utils.reports import checklist

# The STIG_DATA attributes of a VULN, in the order STIG Viewer 2 writes them.
VULN_ATTRIBUTES = ("Vuln_Num", "Severity", "Group_Title", "Rule_ID", "Rule_Ver", "Rule_Title", "Vuln_Discuss",
                   "IA_Controls", "Check_Content", "Fix_Text", "False_Positives", "False_Negatives", "Documentable",
                   "Mitigations", "Potential_Impact", "Third_Party_Tools", "Mitigation_Control", "Responsibility",
                   "Security_Override_Guidance", "Check_Content_Ref", "Weight", "Class", "STIGRef", "TargetKey",
                   "STIG_UUID")
ASSET_FIELDS = ("ROLE", "ASSET_TYPE", "MARKING", "HOST_NAME", "HOST_IP", "HOST_MAC", "HOST_FQDN", "TARGET_COMMENT",
                "TECH_AREA", "TARGET_KEY", "WEB_OR_DATABASE", "WEB_DB_SITE", "WEB_DB_INSTANCE")
STIG_INFO_FIELDS = ("version", "classification", "customname", "stigid", "description", "filename", "releaseinfo",
                    "title", "uuid", "notice", "source")


def _sub(parent, tag, text=None):
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def build(host, results, release, comment=""):
    """The checklist of one host as an ElementTree root."""
    bench = stig_catalog.RELEASES[release]
    root = ET.Element("CHECKLIST")
    asset = _sub(root, "ASSET")
    values = {"ROLE": "None", "ASSET_TYPE": "Computing", "MARKING": "CUI", "HOST_NAME": host,
              "TARGET_COMMENT": comment, "WEB_OR_DATABASE": "false"}
    for field in ASSET_FIELDS:
        _sub(asset, field, values.get(field, ""))
    istig = _sub(_sub(root, "STIGS"), "iSTIG")
    info = _sub(istig, "STIG_INFO")
    stig_uuid = checklist.stable_uuid(host, bench["benchmark_id"], release)
    values = {"version": bench["version"], "classification": "UNCLASSIFIED", "stigid": bench["benchmark_id"],
              "filename": bench["filename"], "releaseinfo": bench["release_info"], "title": bench["title"],
              "uuid": stig_uuid, "notice": "terms-of-use", "source": "STIG.DOD.MIL"}
    for field in STIG_INFO_FIELDS:
        si_data = _sub(info, "SI_DATA")
        _sub(si_data, "SID_NAME", field)
        if values.get(field):
            _sub(si_data, "SID_DATA", values[field])
    for result in results:
        data = stig_catalog.RULES[result.stig_id]
        ids = data[release]
        vuln = _sub(istig, "VULN")
        attrs = {"Vuln_Num": ids["vuln_id"], "Severity": data["severity"], "Group_Title": data["srg"],
                 "Rule_ID": ids["rule_id"], "Rule_Ver": result.stig_id, "Rule_Title": data["title"],
                 "Vuln_Discuss": ids["discussion"], "Check_Content": ids["check"], "Fix_Text": ids["fix"],
                 "Documentable": "false", "Check_Content_Ref": "M", "Weight": ids["weight"], "Class": "Unclass",
                 "STIGRef": "%s :: Version %s, %s" % (bench["title"], bench["version"], bench["release_info"]),
                 "STIG_UUID": stig_uuid}
        for name in VULN_ATTRIBUTES:
            stig_data = _sub(vuln, "STIG_DATA")
            _sub(stig_data, "VULN_ATTRIBUTE", name)
            _sub(stig_data, "ATTRIBUTE_DATA", attrs.get(name, ""))
        for legacy in checklist.legacy_ids(result.stig_id, release):
            stig_data = _sub(vuln, "STIG_DATA")
            _sub(stig_data, "VULN_ATTRIBUTE", "LEGACY_ID")
            _sub(stig_data, "ATTRIBUTE_DATA", legacy)
        for cci in data["cci"]:
            stig_data = _sub(vuln, "STIG_DATA")
            _sub(stig_data, "VULN_ATTRIBUTE", "CCI_REF")
            _sub(stig_data, "ATTRIBUTE_DATA", cci)
        _sub(vuln, "STATUS", result.status)
        _sub(vuln, "FINDING_DETAILS", result.details)
        _sub(vuln, "COMMENTS", comment)
        _sub(vuln, "SEVERITY_OVERRIDE", "")
        _sub(vuln, "SEVERITY_JUSTIFICATION", "")
    return root


def render(host, results, release, comment=""):
    """The .ckl file's bytes."""
    root = build(host, results, release, comment)
    ET.indent(root, space="\t")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!--mqstig.tls stig_report-->\n' + body + "\n").encode("utf-8")
