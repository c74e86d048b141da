# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shipped STIG catalog is exactly what the extraction script makes of the DISA XCCDF files."""

from __future__ import annotations

import os
import runpy

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", ".."))


def stig_dir():
    path = os.environ.get("MQSTIG_STIG_DIR")
    if not path:
        pytest.fail("MQSTIG_STIG_DIR must name the folder of the DISA XCCDF files (scripts/test.sh sets it)")
    return path


def test_catalog_matches_the_xccdf(tmp_path):
    script = runpy.run_path(os.path.join(COLLECTION, "scripts", "extract_stig_catalog.py"))
    out = tmp_path / "stig_catalog.py"
    assert script["main"](["extract", stig_dir(), str(out)]) == 0
    with open(os.path.join(COLLECTION, "plugins", "module_utils", "policy", "stig_catalog.py"), encoding="utf-8") as f:
        assert out.read_text(encoding="utf-8") == f.read()
    namespace = runpy.run_path(str(out))
    assert len(namespace["RULES"]) == 43
    v1r1 = namespace["RULES"]["MQMH-AS-001180"]["V1R1"]
    assert (v1r1["vuln_id"], v1r1["rule_id"], v1r1["weight"]) == ("V-74917", "SV-89591r1_rule", "10.0")
    # What the checklists carry: the discussion, the check and the fix, with DISA's line breaks (LF) kept.
    v1r2 = namespace["RULES"]["MQMH-AS-001180"]["V1R2"]
    assert "DIS CHANNEL(*) CHLTYPE(SVRCONN)" in v1r2["check"] and "\r" not in v1r2["check"]
    assert v1r2["fix"].startswith("1. Prepare the key repository on each endpoint client.\n2. Request a CA-signed")
    assert v1r2["discussion"] and "<VulnDiscussion>" not in v1r2["discussion"]
    assert namespace["RELEASES"]["V1R2"]["benchmark_id"] == "IBM_MQ_Appliance_V9-0_AS_STIG"
    assert namespace["RELEASES"]["V1R1"]["release_info"] == "Release: 1 Benchmark Date: 05 Jun 2017"
