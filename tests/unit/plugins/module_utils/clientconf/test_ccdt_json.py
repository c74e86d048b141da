# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON CCDT merging keeps what it does not own."""

from __future__ import annotations

import json

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.clientconf import ccdt_json as ccdt

OTHER = {"name": "OTHER.SVRCONN", "type": "clientConnection",
         "clientConnection": {"connection": [{"host": "h2", "port": 1500}], "queueManager": "QM2"}}
SPEC = {"name": "APP1.SVRCONN", "queue_manager": "QM1", "host": "mq1", "port": 1414,
        "cipherspec": "TLS_AES_256_GCM_SHA384", "certificate_label": "ibmwebspheremqapp1", "peer_name": "CN=QM1"}


def test_new_channel_is_added_in_the_documented_shape_and_others_kept():
    data = ccdt.merge({"channel": [OTHER]}, [SPEC])
    assert data["channel"][0] == OTHER
    assert data["channel"][1] == {
        "name": "APP1.SVRCONN", "type": "clientConnection",
        "clientConnection": {"connection": [{"host": "mq1", "port": 1414}], "queueManager": "QM1"},
        "transmissionSecurity": {"cipherSpecification": "TLS_AES_256_GCM_SHA384",
                                 "certificateLabel": "ibmwebspheremqapp1", "certificatePeerName": "CN=QM1"}}
    assert ccdt.merge(data, [SPEC]) == data


def test_keys_the_module_does_not_own_survive_an_update():
    existing = {"name": "APP1.SVRCONN", "type": "clientConnection",
                "clientConnection": {"connection": [{"host": "old", "port": 1}], "queueManager": "QM1"},
                "connectionManagement": {"heartbeatInterval": 60},
                "transmissionSecurity": {"cipherSpecification": "TLS_RSA_WITH_AES_128_CBC_SHA"}}
    data = ccdt.merge({"channel": [existing]}, [SPEC])
    entry = data["channel"][0]
    assert entry["connectionManagement"] == {"heartbeatInterval": 60}
    assert entry["transmissionSecurity"]["cipherSpecification"] == "TLS_AES_256_GCM_SHA384"
    assert entry["clientConnection"]["connection"] == [{"host": "mq1", "port": 1414}]


def test_duplicate_names_need_the_queue_manager():
    one = dict(OTHER, name="APP1.SVRCONN")
    two = json.loads(json.dumps(one))
    two["clientConnection"]["queueManager"] = "QM1"
    data = {"channel": [one, two]}
    with pytest.raises(ccdt.CcdtError, match="give queue_manager"):
        ccdt.merge(data, [dict(SPEC, queue_manager=None)])
    merged = ccdt.merge(data, [SPEC])
    assert merged["channel"][0] == one
    assert merged["channel"][1]["transmissionSecurity"]["certificateLabel"] == "ibmwebspheremqapp1"


def test_absent_removes_only_that_channel():
    data = ccdt.merge({"channel": [OTHER]}, [SPEC])
    assert ccdt.merge(data, [{"name": "APP1.SVRCONN", "state": "absent"}]) == {"channel": [OTHER]}


@pytest.mark.parametrize("change, message", [
    ({"name": "A" * 21}, "at most 20"),
    ({"name": "BAD NAME"}, "character"),
    ({"cipherspec": None}, "cipherspec is required"),
    ({"host": None}, "host"),
    ({"port": 70000}, "out of range"),
])
def test_bad_channel_requests_are_refused(change, message):
    with pytest.raises(ccdt.CcdtError, match=message):
        ccdt.merge({"channel": []}, [dict(SPEC, **change)])


@pytest.mark.parametrize("text", ["{", "[]", '{"channel": {}}'])
def test_a_file_that_is_not_a_ccdt_is_refused(text):
    with pytest.raises(ccdt.CcdtError):
        ccdt.load(text)


def test_summary_and_dump_round_trip():
    data = ccdt.merge({"channel": []}, [SPEC])
    assert ccdt.load(ccdt.dump(data)) == data
    assert ccdt.summary(data["channel"][0])["peer_name"] == "CN=QM1"
