# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_client_config's backend: check, apply, idempotence, refusals, findings and file safety."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.clientconf import client_config_backend as cb

CHANNEL = {"name": "APP1.SVRCONN", "queue_manager": "QM1", "host": "127.0.0.1", "port": 1414,
           "cipherspec": "TLS_AES_256_GCM_SHA384", "certificate_label": "ibmwebspheremqapp1", "peer_name": "CN=QM1",
           "connections": [], "state": "present"}


def params(tmp_path, **extra):
    base = {"mqclient_ini": str(tmp_path / "mqclient.ini"), "ccdt_path": str(tmp_path / "ccdt.json"),
            "ssl": {"SSLKeyRepository": "/var/mqm/ssl/app1.p12", "CertificateLabel": "ibmwebspheremqapp1",
                    "SSLFipsRequired": True},
            "ssl_absent": [], "channels": [dict(CHANNEL)], "profile": "nist", "mode": None, "owner": None,
            "group": None, "backup": False}
    base.update(extra)
    return base


def codes(result, status=None):
    return sorted(f["code"] for f in result["findings"] if status is None or f["status"] == status)


def test_check_apply_check_apply(tmp_path):
    ini_path = tmp_path / "mqclient.ini"
    ini_path.write_text("TCP:\n   KeepAlive=YES\n")
    check = cb.ClientConfig(params(tmp_path)).run(check_mode=True)
    assert check["changed"]
    assert ini_path.read_text() == "TCP:\n   KeepAlive=YES\n"
    assert not (tmp_path / "ccdt.json").exists()
    assert "CLIENT_SSL_ATTRIBUTE_DRIFT" in codes(check, "fail")
    assert "CCDT_CHANNEL_MISSING" in codes(check, "fail")
    assert check["ssl"]["SSLFipsRequired"] == "YES"

    apply = cb.ClientConfig(params(tmp_path)).run()
    assert apply["changed"] and apply["mqclient_ini"]["changes"] == ["content"]
    assert apply["summary"]["status"] == "pass", apply["findings"]     # judged as it ends up
    assert ini_path.read_text() == ("TCP:\n   KeepAlive=YES\n\nSSL:\n   SSLKeyRepository=/var/mqm/ssl/app1.p12\n"
                                    "   CertificateLabel=ibmwebspheremqapp1\n   SSLFipsRequired=YES\n")
    ccdt = json.loads((tmp_path / "ccdt.json").read_text())
    assert ccdt["channel"][0]["transmissionSecurity"]["cipherSpecification"] == "TLS_AES_256_GCM_SHA384"
    assert stat.S_IMODE(os.stat(ini_path).st_mode) == 0o644

    for check_mode in (True, False):
        again = cb.ClientConfig(params(tmp_path)).run(check_mode=check_mode)
        assert not again["changed"]
        assert again["summary"]["status"] == "pass", again["findings"]
        assert again["diff"] == []


def test_diff_masks_an_existing_password_and_ssl_absent_removes_it(tmp_path):
    ini_path = tmp_path / "mqclient.ini"
    ini_path.write_text("SSL:\n   SSLKeyRepositoryPassword=S3cret-Value\n")
    os.chmod(ini_path, 0o600)
    check = cb.ClientConfig(params(tmp_path, ssl_absent=["SSLKeyRepositoryPassword"])).run(check_mode=True)
    assert "CLIENT_PASSWORD_IN_INI" in codes(check, "warn")
    result = cb.ClientConfig(params(tmp_path, ssl_absent=["SSLKeyRepositoryPassword"])).run()
    assert "CLIENT_PASSWORD_IN_INI" not in codes(result)        # judged as it ends up: the password is gone
    assert "S3cret-Value" not in json.dumps(check) + json.dumps(result)
    assert "SSLKeyRepositoryPassword" not in ini_path.read_text()
    assert stat.S_IMODE(os.stat(ini_path).st_mode) == 0o600     # the existing mode is kept


def test_the_password_is_never_written(tmp_path):
    with pytest.raises(cb.ConfigError, match="stash"):
        cb.ClientConfig(params(tmp_path, ssl={"sslkeyrepositorypassword": "x"}))


@pytest.mark.parametrize("ssl, message", [
    ({"SSLFipsRequired": "maybe"}, "YES, NO"),
    ({"ClientRevocationChecks": "SOMETIMES"}, "REQUIRED"),
    ({"SSLKeyResetCount": 5}, "32768"),
    ({"SSLKeyRepositry": "/typo"}, "not an SSL stanza attribute"),
])
def test_bad_ssl_values_are_refused(tmp_path, ssl, message):
    with pytest.raises(cb.ConfigError, match=message):
        cb.ClientConfig(params(tmp_path, ssl=ssl))


def test_an_unapproved_cipherspec_is_refused_before_anything_is_written(tmp_path):
    channel = dict(CHANNEL, cipherspec="TLS_RSA_WITH_3DES_EDE_CBC_SHA")
    with pytest.raises(cb.ConfigError, match="refusing CipherSpec"):
        cb.ClientConfig(params(tmp_path, channels=[channel])).run()
    assert not (tmp_path / "mqclient.ini").exists()
    assert not (tmp_path / "ccdt.json").exists()


def test_an_existing_weak_channel_is_a_finding_and_is_fixed(tmp_path):
    (tmp_path / "ccdt.json").write_text(json.dumps({"channel": [{
        "name": "APP1.SVRCONN", "type": "clientConnection",
        "clientConnection": {"connection": [{"host": "127.0.0.1", "port": 1414}], "queueManager": "QM1"},
        "transmissionSecurity": {"cipherSpecification": "TLS_RSA_WITH_3DES_EDE_CBC_SHA"}}]}))
    audit = cb.ClientConfig(params(tmp_path, mqclient_ini=None)).run(check_mode=True)
    failed = codes(audit, "fail")
    assert "CCDT_CHANNEL_DRIFT" in failed
    assert any(c.startswith("CIPHERSPEC_") for c in failed)
    result = cb.ClientConfig(params(tmp_path, mqclient_ini=None)).run()
    assert result["changed"] and result["summary"]["status"] == "pass", result["findings"]
    assert result["channels"][0]["cipherspec"] == "TLS_AES_256_GCM_SHA384"
    assert cb.ClientConfig(params(tmp_path, mqclient_ini=None)).run()["summary"]["status"] == "pass"


def test_a_broken_ccdt_leaves_both_files_alone(tmp_path):
    (tmp_path / "ccdt.json").write_text("{ not json")
    with pytest.raises(cb.ConfigError, match="not valid JSON"):
        cb.ClientConfig(params(tmp_path)).run()
    assert not (tmp_path / "mqclient.ini").exists()
    assert (tmp_path / "ccdt.json").read_text() == "{ not json"


def test_a_symlink_is_refused(tmp_path):
    real = tmp_path / "real.ini"
    real.write_text("")
    os.symlink(real, tmp_path / "mqclient.ini")
    with pytest.raises(cb.ConfigError, match="symbolic link"):
        cb.ClientConfig(params(tmp_path, ccdt_path=None, channels=[])).run()


def test_mode_is_enforced_and_backup_kept(tmp_path):
    ini_path = tmp_path / "mqclient.ini"
    ini_path.write_text("SSL:\n   SSLKeyRepository=/old\n")
    os.chmod(ini_path, 0o666)
    result = cb.ClientConfig(params(tmp_path, ccdt_path=None, channels=[], mode=0o640, backup=True)).run()
    assert stat.S_IMODE(os.stat(ini_path).st_mode) == 0o640
    assert len(result["backup_files"]) == 1
    with open(result["backup_files"][0]) as handle:
        assert handle.read() == "SSL:\n   SSLKeyRepository=/old\n"
    os.chmod(ini_path, 0o666)
    only_mode = cb.ClientConfig(params(tmp_path, ccdt_path=None, channels=[], mode=0o640)).run()
    assert only_mode["mqclient_ini"]["changes"] == ["mode"]


def test_channels_without_a_ccdt_path_are_refused(tmp_path):
    with pytest.raises(cb.ConfigError, match="ccdt_path"):
        cb.ClientConfig(params(tmp_path, ccdt_path=None))
