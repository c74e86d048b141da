# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""runmqakm parsers on the real outputs in shared/reference/mq-output-samples (D*), and the command
lines and secret masking of Runmqakm with a fake run_command."""
from __future__ import annotations

import os

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import runmqakm as akm

PASSWORD = "Secr3t-Passw0rd#Key"
NEW_PASSWORD = "N3w-Secr3t#Passw0rd"


def entry(label, kind, default=False):
    return {"label": label, "kind": kind, "default": default}


# -cert -list samples


def test_d01_runmqakm_list_with_prompt_marker_and_runmqckm_details_after_it(mq_sample):
    text = mq_sample("D01")
    assert akm.parse_list(text) == [entry("ibmwebspheremqqm1", "personal")]
    assert akm.parse_request_list(text) == []


def test_d02_empty_listing_then_trusted_entry(mq_sample):
    text = mq_sample("D02")
    assert akm.parse_list(text) == [entry("ibmwebspheremqqm1", "trusted")]
    assert akm.parse_list("No certificates were found.\n") == []


def test_d03_double_space_separator(mq_sample):
    assert akm.parse_list(mq_sample("D03")) == [entry("QM1.cert", "trusted")]


def test_d04_runmqckm_quoted_labels_with_spaces(mq_sample):
    entries = akm.parse_list(mq_sample("D04"))
    assert len(entries) == 23
    assert {item["kind"] for item in entries} == {"trusted"}
    assert not any(item["default"] for item in entries)
    assert entries[0]["label"] == "Entrust.net Certification Authority (2048) 29"
    assert entries[-1]["label"] == "VeriSign Class 4 Public Primary Certification Authority - G3"
    assert "Thawte Primary Root CA - G2 ECC" in [item["label"] for item in entries]
    assert not any('"' in item["label"] for item in entries)


def test_d05_tab_separated_personal(mq_sample):
    assert akm.parse_list(mq_sample("D05")) == [entry("personalcertlabel", "personal")]


def test_d06_grep_output_without_header(mq_sample):
    assert akm.parse_list(mq_sample("D06")) == [entry("ssldrhaqm1certlabel", "personal")]


def test_d07_dn_labels_separated_by_spaces(mq_sample):
    assert akm.parse_list(mq_sample("D07")) == [
        entry("CN=ace-demo-CA2,OU=ExpertLabs,O=IBM,L=Minneapolis,ST=MN,C=US", "trusted"),
        entry("CN=ace-demo-CA1,OU=ExpertLabs,O=IBM,L=Minneapolis,ST=MN,C=US", "trusted"),
        entry("CN=aceclient,OU=ExpertLabs,O=IBM,L=Minneapolis,ST=MN,C=US", "personal"),
    ]


def test_d08_verbose_listing_has_subject_and_issuer(mq_sample):
    entries = akm.parse_list(mq_sample("D08"))
    ca1 = "CN=ace-demo-CA1,OU=ExpertLabs,O=IBM,L=Minneapolis,ST=MN,C=US"
    assert [item["label"] for item in entries] == [ca1, "CN=ace-demo-CA2,OU=ExpertLabs,O=IBM,L=Minneapolis,ST=MN,C=US",
                                                   "CN=mqserver,OU=ExpertLabs,O=IBM,L=Minneapolis,ST=MN,C=US"]
    assert entries[0]["subject"] == ca1 and entries[0]["issuer"] == ca1 and entries[0]["kind"] == "trusted"
    assert entries[2] == {"label": "CN=mqserver,OU=ExpertLabs,O=IBM,L=Minneapolis,ST=MN,C=US", "kind": "personal",
                          "default": False, "subject": "CN=mqserver,OU=ExpertLabs,O=IBM,L=Minneapolis,ST=MN,C=US",
                          "issuer": ca1}


def test_d10_trusted_and_personal(mq_sample):
    assert akm.parse_list(mq_sample("D10")) == [entry("qm2cert", "trusted"), entry("ibmwebspheremqemir", "personal")]


def test_d11_quoted_dn_labels_with_apostrophe(mq_sample):
    assert akm.parse_list(mq_sample("D11")) == [
        entry("ibmwebspeheremqcloud", "trusted"),
        entry("CN=R3,O=Let's Encrypt,C=US", "trusted"),
        entry("CN=ISRG Root X1,O=Internet Security Research Group,C=US", "trusted"),
        entry("mykey", "personal"),
    ]


def test_d13_legacy_gsk7cmd_listing_takes_kind_from_echoed_command(mq_sample):
    text = mq_sample("D13")
    assert akm.parse_list(text) == [entry("Experian Secana Public CA", "personal")]
    assert akm.parse_details(text) == {}
    assert akm.parse_list("Certificates in database: ./x.kdb\n   Some CA\n   Other\n") == [
        entry("Some CA", None), entry("Other", None)]


# -cert -details samples


def test_d01_runmqckm_details_key_colon_value(mq_sample):
    fields = akm.parse_details(mq_sample("D01"))
    assert fields["Label"] == "ibmwebspheremqqm1"
    assert fields["Key Size"] == "2048"
    assert fields["Version"] == "X509 V3"
    assert fields["Serial Number"] == "62 FC 03 BB 06 B5 5C 82"
    assert fields["Issued by"] == "CN=QM1, O=IBM, C=US"
    assert fields["Subject"] == "CN=QM1, O=IBM, C=US"
    assert fields["Valid"].startswith("From: Sunday, December 8, 2024 5:38:09 PM GMT To: Tuesday")
    assert fields["Fingerprint"] == {
        "SHA1": "B5:A1:12:25:29:17:3D:75:D0:57:CE:00:B0:59:27:92:82:4B:49:13",
        "SHA256": "43:59:56:3B:00:35:BC:A4:07:9D:73:28:EA:DB:A9:D1:1C:EF:72:EA:26:25:AD:F4:40:7E:F0:D0:24:8A:6E:D9",
        "HPKP": "9tVfesE135JZgWAXw5OO3TWe3p2EDXvOI1FS7G87atg="}
    assert "0010: 7b 90 4f d8" in fields["Extensions"] and "SubjectKeyIdentifier [" in fields["Extensions"]
    assert fields["Signature Algorithm"] == "SHA256withRSA (1.2.840.113549.1.1.11)"
    assert fields["Trust Status"] == "enabled"
    assert "0000" not in fields and "runmqckm -cert -details" not in str(fields)
    norm = akm.normalize_details(fields)
    assert norm["serial"] == "62fc03bb06b55c82"
    assert norm["issuer"] == norm["subject"] == "CN=QM1, O=IBM, C=US"
    assert norm["not_before"] == "Sunday, December 8, 2024 5:38:09 PM GMT"
    assert norm["not_after"] == "Tuesday, December 9, 2025 5:38:09 PM GMT"
    assert norm["key_size"] == 2048 and norm["trust_status"] is True
    assert norm["fingerprints"]["sha1"] == fields["Fingerprint"]["SHA1"]
    assert norm["fingerprints"]["hpkp"] == "9tVfesE135JZgWAXw5OO3TWe3p2EDXvOI1FS7G87atg="


def test_d09_runmqakm_details_truncated(mq_sample):
    text = mq_sample("D09")
    fields = akm.parse_details(text)
    assert fields["Label"] == "ibmwebspheremqemir"
    assert fields["Version"] == "X509 V1"
    assert fields["Serial"] == "00a5f7ac503bb6d22f"
    assert fields["Issuer"] == fields["Subject"] == "CN=app1"
    assert fields["Not Before"] == "26 July 2021 16:29:37 GMT+01:00"
    assert fields["Not After"] == "24 July 2031 16:29:37 GMT+01:00"
    assert fields["Public Key"] == "30 82 01 22..."
    assert fields["Public Key Type"] == "RSA (1.2.840.113549.1.1.1)"
    assert fields["Fingerprint"] == {"SHA1": "30 F4 BD 1F...", "MD5": "6B 84 F1 B1...", "SHA256": "66 94 F1 DF...",
                                     "HPKP": "R9zR4u5Q7Cz3we94Vzo5m/bwf3/zS7+Dmbm4NtYu99s="}
    assert fields["Signature Algorithm"] == "SHA256WithRSASignature (1.2.840.113549.1.1.11)"
    assert fields["Value"] == "A5 09 B7 1C..."
    assert fields["Trust Status"] == "Enabled"
    norm = akm.normalize_details(fields)
    assert norm["serial"] == "a5f7ac503bb6d22f"
    assert norm["fingerprints"]["sha1"] == "30:F4:BD:1F"
    assert norm["key_size"] == 2048 and norm["trust_status"] is True
    assert akm.parse_list(text) == []


def test_truncated_details_do_not_crash_and_keep_complete_fields(mq_sample):
    text = mq_sample("D09")
    full = akm.parse_details(text)
    for cut in range(0, len(text), 7):
        akm.normalize_details(akm.parse_details(text[:cut]))
    lines = text.splitlines()
    for count in range(1, len(lines)):
        partial = akm.parse_details("\n".join(lines[:count]))
        for key in list(partial)[:-1]:
            if key == "Fingerprint":
                assert set(partial[key].items()) <= set(full[key].items())
            else:
                assert partial[key] == full[key]
    assert akm.parse_details("") == {}
    assert akm.parse_details("Label : x\nKey Size : ") == {"Label": "x", "Key Size": ""}


# -keydb -create samples: command lines, masking, and Runmqakm building the same argv


def test_d12a_pkcs12_create_lines(mq_sample):
    text = mq_sample("D12a")
    commands = akm.find_commands(text)
    assert len(commands) == 3
    assert all(cmd[:3] == ["runmqakm", "-keydb", "-create"] and cmd[cmd.index("-type") + 1] == "pkcs12" for cmd in commands)
    assert "-stash" in commands[0] and "-stash" not in commands[2]
    assert akm.parse_list(text) == []
    assert "k3ypassw0rd" not in str([akm.mask_argv(cmd) for cmd in commands])


def test_d12b_cms_create_lines_with_prompts_and_quoted_password(mq_sample):
    commands = akm.find_commands(mq_sample("D12b"))
    assert [cmd[cmd.index("-db") + 1] for cmd in commands] == [
        "/var/mqm/vols/ssldrhaqm1/qmgr/ssldrhaqm1/ssl/ssldrhaqm1KeyFile", "mq_cloud_keys",
        "/var/mqm/qmgrs/QM1/ssl/key.kdb", "/var/mqm/qmgrs/QM2/ssl/key.kdb"]
    assert commands[1][0] == "/opt/mqm/bin/runmqakm"
    for cmd in commands:
        assert cmd[cmd.index("-type") + 1] == "cms" and "-stash" in cmd
        assert cmd[cmd.index("-pw") + 1] == "p@ssw0rd"
        masked = akm.mask_argv(cmd)
        assert masked[cmd.index("-pw") + 1] == akm.MASK and "p@ssw0rd" not in masked


def test_d12c_create_lines_in_bullets_keep_windows_paths(mq_sample):
    commands = akm.find_commands(mq_sample("D12c"))
    assert len(commands) == 8
    assert commands[2][commands[2].index("-db") + 1] == "%HOMEDRIVE%\\Users\\alice\\.mqs\\alicekey.kdb"
    assert commands[7] == ["runmqakm", "-keydb", "-create", "-db", "key.kdb", "-pw", "passOwrd", "-type", "pkcs12",
                           "-expire", "0", "-stash"]


def test_d12d_create_line_is_what_runmqakm_create_builds(mq_sample):
    commands = akm.find_commands(mq_sample("D12d"))
    assert commands == [
        ["runmqakm", "-keydb", "-create", "-db", "app1key.kdb", "-pw", "password", "-type", "cms", "-stash"],
        ["runmqakm", "-keydb", "-create", "-db", "app2key.kdb", "-pw", "password", "-type", "cms", "-stash"]]
    runner = FakeRunner()
    akm.Runmqakm(runner).create("app1key.kdb", "password", fips=False, strong=False)
    assert runner.calls == [commands[0]]


def test_d14_legacy_gsk7cmd_commands(mq_sample):
    text = mq_sample("D14")
    commands = akm.find_commands(text)
    assert [cmd[:3] for cmd in commands] == [["/bin/gsk7cmd", "-keydb", "-create"], ["/bin/gsk7cmd", "-cert", "-create"],
                                             ["/bin/gsk7cmd", "-cert", "-extract"]]
    assert commands[1][commands[1].index("-label") + 1] == "Experian Secana Public CA"
    assert commands[1][commands[1].index("-dn") + 1] == "CN=Experian Secana CA,O=Experian,OU=Decision Analytics,L=Oslo,C=NO"
    assert akm.parse_list(text) == []
    assert "mypassword123" not in " ".join(akm.mask_argv(commands[1]))


def test_other_d_samples_commands_are_found_and_maskable(mq_sample):
    d01 = akm.find_commands(mq_sample("D01"))
    assert d01[0] == ["runmqakm", "-cert", "-list", "all", "-db", "key.p12", "-stashed"]
    assert d01[1][0] == "runmqckm"
    d02 = akm.find_commands(mq_sample("D02"))
    assert len(d02) == 3 and all("tru5tpassw0rd" not in akm.mask_argv(cmd) for cmd in d02)
    assert akm.find_commands(mq_sample("D06"))[0][-1] == "-stashed"  # the pipe to grep ends the command
    assert akm.find_commands(mq_sample("D10")) == []


# shapes seen in public transcripts that no D sample holds


def test_default_personal_and_secret_key_flags():
    text = ("Certificates found\n* default, - personal, ! trusted, # secret key\n"
            '!\t"COMODO RSA Certification Authority"\n*-\tibmwebspheremqqmr01\n#\tsecretkey\n')
    assert akm.parse_list(text) == [entry("COMODO RSA Certification Authority", "trusted"),
                                    entry("ibmwebspheremqqmr01", "personal", default=True), entry("secretkey", "secret")]


def test_verbose_listing_with_quoted_label():
    text = 'Certificates found\n* default, - personal, ! trusted, # secret key\n!\t"My CA"  CN=My CA,O=X  CN=My CA,O=X\n'
    assert akm.parse_list(text) == [{"label": "My CA", "kind": "trusted", "default": False,
                                     "subject": "CN=My CA,O=X", "issuer": "CN=My CA,O=X"}]


def test_request_list():
    assert akm.parse_request_list("Certificates requests found\n\tibmwebspheremqqm01\n\t\"my req\"\n\n$ next") == [
        "ibmwebspheremqqm01", "my req"]
    assert akm.parse_request_list("No certificate requests were found.\n") == []
    assert akm.parse_request_list("$ runmqakm -certreq -list\nCertificates requests found\n\tqm1  CN=QM1\nbash-4.2$ ls\n") == ["qm1"]


def test_details_quoted_dns_bare_extensions_and_request_digest():
    text = ("Label : req1\nKey Size : 2048\nIssuer : \"CN=COMODO RSA CA,O=COMODO CA Limited,C=GB\"\n"
            "Subject : \"CN=a b\"\nFingerprint : \nf1ef6e0e9da91ccece88f7b44caca434\n833a7daf\n"
            "Extensions\n    AuthorityKeyIdentifier\n      keyIdentifier:\n    90 AF 6A 3A\n"
            "16 43 68 74     .Chttp://crl.com\n-----END HEX-----\n\n    subjectAlternativeName\n"
            "        dNSName: www.example.host\nSignature Algorithm : SHA512WithRSASignature (1.2.840.113549.1.1.13)\n")
    fields = akm.parse_details(text)
    assert fields["Fingerprint"] == {"digest": "f1ef6e0e9da91ccece88f7b44caca434 833a7daf"}
    assert fields["Extensions"].splitlines()[0] == "AuthorityKeyIdentifier"
    assert "dNSName: www.example.host" in fields["Extensions"] and "-----END HEX-----" in fields["Extensions"]
    assert fields["Signature Algorithm"].startswith("SHA512WithRSASignature")
    norm = akm.normalize_details(fields)
    assert norm["issuer"] == "CN=COMODO RSA CA,O=COMODO CA Limited,C=GB" and norm["subject"] == "CN=a b"
    assert norm["fingerprints"] == {"digest": "F1:EF:6E:0E:9D:A9:1C:CE:CE:88:F7:B4:4C:AC:A4:34:83:3A:7D:AF"}


# Runmqakm with a fake run_command


class FakeRunner:
    """Records argv lists; answers with queued (rc, stdout, stderr) results, else (0, "", "")."""

    def __init__(self, *results, side_effect=None):
        self.calls = []
        self.results = list(results)
        self.side_effect = side_effect

    def __call__(self, argv, data=None):
        self.calls.append(list(argv))
        if self.side_effect is not None:
            return self.side_effect(argv)
        return self.results.pop(0) if self.results else (0, "", "")


def test_argv_of_every_method():
    runner = FakeRunner()
    tool = akm.Runmqakm(runner, binary="/opt/mqm/bin/runmqakm")
    db = "/var/mqm/qmgrs/QM1/ssl/key.kdb"
    tool.create(db, PASSWORD)
    tool.change_password(db, PASSWORD, NEW_PASSWORD)
    tool.stash_password(db, PASSWORD)
    tool.stash_password(db, PASSWORD, v1stash=True)
    tool.list(db)
    tool.list(db, verbose=True)
    tool.list_requests(db)
    tool.details(db, "ibmwebspheremqqm1")
    tool.extract(db, "My CA", "/tmp/ca.pem")
    tool.add(db, "My CA", "/tmp/ca.pem")
    tool.delete(db, "old")
    tool.receive(db, "/tmp/qm1.pem")
    tool.create_request(db, "ibmwebspheremqqm1", "CN=QM1,OU=MQ,O=Example,C=US", 384, "SHA384WithECDSA", "/tmp/qm1.csr",
                        san_dns=("qm1.example.com", "qm1"), san_ip=("192.0.2.10",))
    tool.create_request(db, "r2", "CN=QM2", 3072, "SHA256WithRSA", "/tmp/r2.csr")
    b, s = "/opt/mqm/bin/runmqakm", ["-db", db, "-stashed"]
    assert runner.calls == [
        [b, "-keydb", "-create", "-db", db, "-pw", PASSWORD, "-type", "cms", "-stash", "-fips", "-strong"],
        [b, "-keydb", "-changepw", "-db", db, "-pw", PASSWORD, "-new_pw", NEW_PASSWORD, "-stash", "-fips", "-strong"],
        [b, "-keydb", "-stashpw", "-db", db, "-pw", PASSWORD],
        [b, "-keydb", "-stashpw", "-db", db, "-pw", PASSWORD, "-v1stash"],
        [b, "-cert", "-list", "all"] + s,
        [b, "-cert", "-list", "all"] + s + ["-v"],
        [b, "-certreq", "-list"] + s,
        [b, "-cert", "-details"] + s + ["-label", "ibmwebspheremqqm1"],
        [b, "-cert", "-extract"] + s + ["-label", "My CA", "-target", "/tmp/ca.pem", "-format", "ascii"],
        [b, "-cert", "-add"] + s + ["-label", "My CA", "-file", "/tmp/ca.pem", "-format", "ascii"],
        [b, "-cert", "-delete"] + s + ["-label", "old"],
        [b, "-cert", "-receive"] + s + ["-file", "/tmp/qm1.pem", "-format", "ascii"],
        [b, "-certreq", "-create"] + s + ["-label", "ibmwebspheremqqm1", "-dn", "CN=QM1,OU=MQ,O=Example,C=US", "-size", "384",
                                          "-sig_alg", "SHA384WithECDSA", "-file", "/tmp/qm1.csr",
                                          "-san_dnsname", "qm1.example.com,qm1", "-san_ipaddr", "192.0.2.10"],
        [b, "-certreq", "-create"] + s + ["-label", "r2", "-dn", "CN=QM2", "-size", "3072", "-sig_alg", "SHA256WithRSA",
                                          "-file", "/tmp/r2.csr"],
    ]
    for call in runner.calls[4:]:
        assert "-pw" not in call and PASSWORD not in call


def test_create_options_can_be_left_out():
    runner = FakeRunner()
    akm.Runmqakm(runner).create("k.kdb", PASSWORD, fips=False, strong=False, stash=False)
    assert runner.calls == [["runmqakm", "-keydb", "-create", "-db", "k.kdb", "-pw", PASSWORD, "-type", "cms"]]


def test_list_and_details_parse_the_output():
    listing = "Certificates found\n* default, - personal, ! trusted, # secret key\n!\tca\n*-\tme\n"
    tool = akm.Runmqakm(FakeRunner((0, listing, ""), (0, "Label : me\nKey Size : 384\n", "")))
    assert tool.list("k.kdb") == [entry("ca", "trusted"), entry("me", "personal", default=True)]
    assert tool.details("k.kdb", "me") == {"Label": "me", "Key Size": "384"}


def test_key_type_and_ec_size_check():
    assert akm.key_type_for_sig_alg("SHA384WithECDSA") == "ec"
    assert akm.key_type_for_sig_alg("EC_ecdsa_with_SHA256") == "ec"
    assert akm.key_type_for_sig_alg("SHA256_WITH_RSA") == "rsa"
    assert akm.key_type_for_sig_alg("SHA1WithDSA") == "dsa"
    runner = FakeRunner()
    with pytest.raises(ValueError):
        akm.Runmqakm(runner).create_request("k.kdb", "l", "CN=x", 2048, "SHA256WithECDSA", "/tmp/x.csr")
    assert runner.calls == []


def test_error_masks_passwords_in_argv_and_text():
    echo = "CTGSK9002W The password %s is not correct for the key database." % PASSWORD
    tool = akm.Runmqakm(FakeRunner((1, "", echo)))
    with pytest.raises(akm.RunmqakmError) as info:
        tool.create("k.kdb", PASSWORD)
    err = info.value
    assert PASSWORD not in str(err) and PASSWORD not in err.message and PASSWORD not in err.argv
    assert err.argv[err.argv.index("-pw") + 1] == akm.MASK
    assert err.rc == 1 and err.codes == ("CTGSK9002W",)
    assert "CTGSK9002W" in str(err) and akm.MASK in str(err)


def test_change_password_error_masks_both_passwords():
    tool = akm.Runmqakm(FakeRunner((3, "", "bad: %s -> %s" % (PASSWORD, NEW_PASSWORD))))
    with pytest.raises(akm.RunmqakmError) as info:
        tool.change_password("k.kdb", PASSWORD, NEW_PASSWORD)
    text = str(info.value)
    assert PASSWORD not in text and NEW_PASSWORD not in text
    assert info.value.argv.count(akm.MASK) == 2
    assert info.value.message == "bad: ******** -> ********" and info.value.codes == ()


def test_warning_with_rc_zero_is_an_error_but_information_is_not():
    tool = akm.Runmqakm(FakeRunner(
        (0, "CTGSK2146W An invalid certificate chain was found.\nAdditional untranslated info: x\nCTGSK2043W Key entry validation failed.\n", ""),
        (0, "CTGSK3001I Something informational.\n", "")))
    with pytest.raises(akm.RunmqakmError) as info:
        tool.receive("k.kdb", "/tmp/c.pem")
    assert info.value.codes == ("CTGSK2146W", "CTGSK2043W") and info.value.rc == 0
    tool.delete("k.kdb", "x")


def test_label_not_found_code():
    tool = akm.Runmqakm(FakeRunner((1, "CTGSK3029W The database doesn't contain an entry with label 'x'.\n", "")))
    with pytest.raises(akm.RunmqakmError) as info:
        tool.delete("k.kdb", "x")
    assert akm.LABEL_NOT_FOUND in info.value.codes


def test_nonzero_rc_without_message():
    with pytest.raises(akm.RunmqakmError) as info:
        akm.Runmqakm(FakeRunner((2, "", ""))).list("k.kdb")
    assert info.value.message == "runmqakm failed" and info.value.rc == 2


def test_runner_exception_is_wrapped_and_scrubbed():
    def boom(argv):
        raise OSError("cannot execute %s" % " ".join(argv))

    with pytest.raises(akm.RunmqakmError) as info:
        akm.Runmqakm(FakeRunner(side_effect=boom)).stash_password("k.kdb", PASSWORD)
    assert PASSWORD not in str(info.value) and "could not run runmqakm" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_mask_argv_forms():
    assert akm.mask_argv(["x", "-PW", "a", "-new_pw", "b", "-pw=c", "-label", "-pw"]) == [
        "x", "-PW", akm.MASK, "-new_pw", akm.MASK, "-pw=" + akm.MASK, "-label", "-pw"]
    assert akm.secret_values(["-pw", "ab", "-new_pw", "abcd"]) == ["abcd", "ab"]
    assert str(akm.RunmqakmError("m", 1, ["runmqakm", "-pw", "zz"])) == "m (rc=1): runmqakm -pw '********'"


def test_certificate_pem_uses_a_private_directory_and_removes_it(tmp_path):
    seen = []

    def write_target(argv):
        target = argv[argv.index("-target") + 1]
        seen.append(target)
        with open(target, "w", encoding="ascii") as handle:
            handle.write("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n")
        return 0, "", ""

    pem = akm.Runmqakm(FakeRunner(side_effect=write_target)).certificate_pem("k.kdb", "ca", str(tmp_path))
    assert pem.startswith("-----BEGIN CERTIFICATE-----")
    assert os.path.dirname(seen[0]).startswith(str(tmp_path)) and not os.path.exists(os.path.dirname(seen[0]))
    assert list(tmp_path.iterdir()) == []
