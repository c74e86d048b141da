# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mq_keyrepo's backend: create, audit, re-protect, rotate, remove; bad input changes nothing."""

from __future__ import annotations

import json
import os
import stat

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_pkcs12

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend as kb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import stash

PASSWORD = "Passw0rd-Repo-1"
NEW_PASSWORD = "Passw0rd-Repo-2"


def params(tmp_path, **extra):
    out = {"path": str(tmp_path / "app1"), "password": PASSWORD, "state": "present", "stash": True, "mode": 0o600,
           "kdf_iterations": 1000, "type": "pkcs12"}
    out.update(extra)
    return out


def snapshot(directory):
    return {name: (directory / name).read_bytes() for name in sorted(os.listdir(directory)) if not name.startswith(".")}


def run(tmp_path, check_mode=False, **extra):
    return kb.KeyRepo(params(tmp_path, **extra)).run(check_mode)


def test_check_apply_idempotent(tmp_path):
    result = run(tmp_path, check_mode=True)
    assert result["changed"] and result["actions"][0].startswith("create")
    assert snapshot(tmp_path) == {}
    assert result["diff"]["before"] == {"exists": False} and result["diff"]["after"]["exists"] is True

    result = run(tmp_path)
    assert result["changed"]
    p12, sth = tmp_path / "app1.p12", tmp_path / "app1.sth"
    assert stat.S_IMODE(p12.stat().st_mode) == 0o600 and stat.S_IMODE(sth.stat().st_mode) == 0o600
    assert stash.decode(sth.read_bytes()) == PASSWORD and len(sth.read_bytes()) == 129
    assert result["summary"]["counts"]["fail"] == 0
    assert result["diff"]["after"]["protection"] == ["certificates: pbes2 sha256 aes256 x1000", "mac: sha256 x1000"]

    before = snapshot(tmp_path)
    for check_mode in (True, False):
        again = run(tmp_path, check_mode=check_mode)
        assert not again["changed"] and again["actions"] == []
        assert again["diff"]["before"] == again["diff"]["after"]
    assert snapshot(tmp_path) == before


def test_secrets_never_in_results(tmp_path):
    for result in (run(tmp_path, check_mode=True), run(tmp_path), run(tmp_path, new_password=NEW_PASSWORD)):
        text = json.dumps(result)
        assert PASSWORD not in text and NEW_PASSWORD not in text


def test_umask_does_not_loosen_modes(tmp_path):
    old = os.umask(0)
    try:
        run(tmp_path)
    finally:
        os.umask(old)
    for name in ("app1.p12", "app1.sth", ".app1.p12.lock"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_wrong_password_changes_nothing(tmp_path):
    run(tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(kb.KeyRepoError, match="wrong password"):
        run(tmp_path, password="not-it-at-all")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("content", [b"", b"garbage" * 10, b"\x30\x82\x01\x00"])
def test_corrupt_file_changes_nothing(tmp_path, content):
    (tmp_path / "app1.p12").write_bytes(content)
    with pytest.raises(kb.KeyRepoError, match="cannot open"):
        run(tmp_path)
    assert snapshot(tmp_path) == {"app1.p12": content}


def test_symlink_and_missing_directory_are_refused(tmp_path):
    (tmp_path / "real.p12").write_bytes(b"x")
    os.symlink(tmp_path / "real.p12", tmp_path / "app1.p12")
    with pytest.raises(kb.KeyRepoError, match="symbolic link"):
        run(tmp_path)
    with pytest.raises(kb.KeyRepoError, match="does not exist"):
        kb.KeyRepo(params(tmp_path, path=str(tmp_path / "no" / "such" / "dir" / "k.p12"))).run()


def test_wrong_extension_is_refused(tmp_path):
    with pytest.raises(kb.KeyRepoError, match=".kdb"):
        run(tmp_path, path=str(tmp_path / "k.jks"), type="cms")


def test_rotation_is_atomic_pair_and_restartable(tmp_path):
    run(tmp_path)
    result = run(tmp_path, new_password=NEW_PASSWORD)
    assert result["changed"] and any("change the password" in a for a in result["actions"])
    assert stash.decode((tmp_path / "app1.sth").read_bytes()) == NEW_PASSWORD
    # A run stopped between the renames: the repository has the new password, the stash the old one.
    (tmp_path / "app1.sth").write_bytes(stash.encode(PASSWORD))
    result = run(tmp_path, new_password=NEW_PASSWORD)
    assert result["actions"] == ["replace the stash %s" % (tmp_path / "app1.sth")]
    assert not run(tmp_path, new_password=NEW_PASSWORD)["changed"]
    with pytest.raises(kb.KeyRepoError):
        run(tmp_path)  # the old password alone no longer opens it


def test_mode_drift_is_reported_then_fixed(tmp_path):
    run(tmp_path)
    os.chmod(tmp_path / "app1.p12", 0o644)
    audit = run(tmp_path, check_mode=True)
    assert audit["changed"] and "set the mode of %s" % (tmp_path / "app1.p12") in audit["actions"]
    assert any(f["code"] == "FILE_MODE" and f["status"] == "fail" for f in audit["findings"])
    assert stat.S_IMODE((tmp_path / "app1.p12").stat().st_mode) == 0o644
    fixed = run(tmp_path)
    assert stat.S_IMODE((tmp_path / "app1.p12").stat().st_mode) == 0o600
    assert not any(f["status"] == "fail" for f in fixed["findings"])


def test_legacy_repository_is_a_finding_then_reprotected(tmp_path, pki, root_ca):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = pki.issue(key, root_ca, "CN=legacy")
    encryption = (serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(2048)
                  .key_cert_algorithm(crypto_pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).hmac_hash(hashes.SHA1())
                  .build(PASSWORD.encode()))
    (tmp_path / "app1.p12").write_bytes(
        crypto_pkcs12.serialize_key_and_certificates(b"ibmwebspheremqlegacy", key, cert, None, encryption))
    os.chmod(tmp_path / "app1.p12", 0o600)
    audit = run(tmp_path, check_mode=True)
    failed = {f["code"] for f in audit["findings"] if f["status"] == "fail"}
    assert {"KEYREPO_ENCRYPTION", "KEYREPO_MAC"} <= failed
    assert any(a.startswith("re-protect") for a in audit["actions"])
    kept = run(tmp_path, reprotect=False)
    assert not any(a.startswith("re-protect") for a in kept["actions"])
    fixed = run(tmp_path, backup=True)
    assert len(fixed["backup_files"]) == 1 and stat.S_IMODE(os.stat(fixed["backup_files"][0]).st_mode) == 0o600
    assert not any(f["status"] == "fail" for f in fixed["findings"])
    assert [e["label"] for e in fixed["entries"]] == ["ibmwebspheremqlegacy"]
    assert not run(tmp_path)["changed"]


def test_stash_false_leaves_no_stash_and_names_the_other_sources(tmp_path):
    result = run(tmp_path, stash=False)
    assert not (tmp_path / "app1.sth").exists()
    assert result["client_settings"]["password_source"].startswith("MQKEYRPWD")
    assert result["client_settings"]["mqclient_ini"]["SSL"]["SSLKeyRepository"] == str(tmp_path / "app1.p12")


def test_absent(tmp_path):
    run(tmp_path)
    check = kb.KeyRepo(params(tmp_path, state="absent")).run(True)
    assert check["changed"] and (tmp_path / "app1.p12").exists()
    result = kb.KeyRepo(params(tmp_path, state="absent")).run(False)
    assert result["changed"] and not (tmp_path / "app1.p12").exists() and not (tmp_path / "app1.sth").exists()
    assert not kb.KeyRepo(params(tmp_path, state="absent")).run(False)["changed"]


def test_cms_without_runmqakm_is_a_clear_error(tmp_path):
    with pytest.raises(kb.KeyRepoError, match="runmqakm"):
        kb.KeyRepo(params(tmp_path, type="cms")).run(True)
    assert snapshot(tmp_path) == {}


def test_a_mode_open_to_group_or_others_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(kb.KeyRepoError, match="group or others"):
        kb.KeyRepo({"path": str(tmp_path / "loose.p12"), "password": "Loose-Mode-Pw-1", "mode": 0o640}).run()
    assert list(tmp_path.iterdir()) == []
