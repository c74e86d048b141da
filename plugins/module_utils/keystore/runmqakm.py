# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CMS (.kdb) key repositories driven through IBM's ``runmqakm`` (GSKCapiCmd) command.

`Runmqakm` builds each command line from IBM's documented syntax and runs it through an injected
``run_command(argv, data=None) -> (rc, stdout, stderr)`` (an Ansible module passes
``module.run_command``); this file starts no process of its own. The parser functions are pure and
are tested on real runmqakm, runmqckm and gsk7cmd outputs.

What the command lines rest on:
  - IBM MQ documentation [C]: ``-keydb -create -db F -pw P -type cms -stash -fips -strong``,
    ``-keydb -changepw -db F -pw P -new_pw N -stash``, ``-keydb -stashpw -db F -pw P``,
    ``-cert -add -db F -pw P -label L -file F -format ascii``, ``-cert -extract ... -target F -format ascii``,
    ``-certreq -create -db F -pw P -label L -dn DN -size N -file F -fips -sig_alg A`` (``-san_dnsname``,
    ``-san_ipaddr`` from the MQ Appliance's createcertrequest), ``-stashed`` in place of ``-pw``.
  - Public transcripts [3P]: the ``-cert -list`` layout (``Certificates found``, the legend line, flag TAB
    label, ``*-`` for the default personal certificate, labels with spaces double-quoted), ``-v`` adding
    subject and issuer after two spaces, ``-cert -details`` as ``Key : Value``, ``-certreq -list`` printing
    ``Certificates requests found`` then TAB-indented labels, and ``CTGSKnnnnW`` messages such as
    ``CTGSK3029W`` for a missing label.
  - [U], not confirmed: whether several SAN values are given comma-separated (this code does so, as the
    appliance documents the values as "DNSNames" / "IPAddresses"), runmqakm's exit codes (any non-zero
    rc is an error here), and whether messages go to stdout or stderr (both are read).

Secrets: IBM's syntax puts the repository password on the command line (``-pw``, ``-new_pw``) for
`Runmqakm.create`, `Runmqakm.change_password` and `Runmqakm.stash_password`, where it is visible to other
local users in the process table while the command runs. Every other method reads the password from
the stash (``-stashed``). Errors never carry a password: argv values after ``-pw``/``-new_pw`` are
masked as ``********`` and any password echoed in the output is replaced the same way.

With Ansible: ``module.run_command`` expands ``~`` and ``$VAR`` in every argument unless it is given
``expand_user_and_vars=False`` (a password holding ``$`` would be changed), and its own argument
cleaning does not recognise ``-pw``: pass e.g. ``functools.partial(module.run_command,
expand_user_and_vars=False, handle_exceptions=False)`` and declare the password options ``no_log``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import tempfile

MASK = "********"
SECRET_OPTIONS = ("-pw", "-new_pw")
LABEL_NOT_FOUND = "CTGSK3029W"  # "The database doesn't contain an entry with label ..." [3P]
DUPLICATE_CERTIFICATE = "CTGSK2021W"  # "A duplicate certificate already exists in the database." [3P]
INVALID_CHAIN = "CTGSK2146W"  # "An invalid certificate chain was found." [3P]

_PROBLEM_RE = re.compile(r"\b(CTGSK\d{4}[EW])\b")
_ENTRY_RE = re.compile(r"^(?P<flags>[*!#-]{1,2})(?:\t|[ ]+)(?P<rest>\S.*)$")
_HEADLESS_ENTRY_RE = re.compile(r"^\s*(?P<flags>[*!#-]{1,2})\t(?P<rest>\S.*)$")
_COLUMNS_RE = re.compile(r"\t+|[ ]{2,}")
_LEGACY_HEADER_RE = re.compile(r"^certificates in database\s*:", re.IGNORECASE)
_LIST_KIND_RE = re.compile(r"-cert\s+-list\s+(\w+)", re.IGNORECASE)
_REQUESTS_HEADER_RE = re.compile(r"^certificates?\s+requests?\s+found\s*$", re.IGNORECASE)
_FIELD_RE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9 ()/._-]*?)\s*:(?:\s+(?P<value>.*?))?\s*$")
_SUBFIELD_RE = re.compile(r"^(?P<name>[A-Za-z0-9-]+)\s*:\s*(?P<value>.*?)\s*$")
_BARE_KEY_RE = re.compile(r"^[A-Za-z][A-Za-z ]*$")
_BARE_KEYS = ("public key", "value", "extensions", "attributes", "extension reqs")
_HEX_PAIR_RE = re.compile(r"[0-9A-Fa-f]{2}")
_VALID_RE = re.compile(r"^From:\s*(?P<start>.*?)\s+To:\s*(?P<end>.*)$", re.IGNORECASE)
_PROGRAM_RE = re.compile(r"(?:^|(?<=\s))(?:\S*/)?(?:runmqakm|runmqckm|gsk7cmd|gsk8capicmd(?:_64)?)(?=\s|$)")
_COMMAND_ENDS = ("|", "||", "&&", ";", ">", ">>", "2>&1")
_KINDS = {"!": "trusted", "#": "secret", "-": "personal"}
_LIST_KINDS = {"personal": "personal", "ca": "trusted", "site": "trusted", "trusted": "trusted"}
_EC_SIZES = (256, 384, 512, 521)


class RunmqakmError(Exception):
    """A runmqakm command failed. `argv` is masked; `codes` are the CTGSK message ids seen (e.g. CTGSK3029W)."""

    def __init__(self, message, rc=None, argv=None, codes=()):
        self.message = message
        self.rc = rc
        self.argv = mask_argv(argv or [])
        self.codes = tuple(codes)
        super().__init__(self._text())

    def _text(self):
        text = self.message
        if self.rc is not None:
            text += " (rc=%s)" % self.rc
        if self.argv:
            text += ": " + " ".join(shlex.quote(str(arg)) for arg in self.argv)
        return text


def mask_argv(argv):
    """A copy of argv with the value after each ``-pw`` / ``-new_pw`` replaced by ``********``."""
    out = []
    hide = False
    for arg in argv:
        arg = str(arg)
        if hide:
            out.append(MASK)
            hide = False
            continue
        lowered = arg.lower()
        if lowered in SECRET_OPTIONS:
            hide = True
        elif any(lowered.startswith(option + "=") for option in SECRET_OPTIONS):
            arg = arg.split("=", 1)[0] + "=" + MASK
        out.append(arg)
    return out


def secret_values(argv):
    """The values that `mask_argv` hides, longest first (for scrubbing them out of output)."""
    found = []
    for index, arg in enumerate(argv):
        lowered = str(arg).lower()
        if lowered in SECRET_OPTIONS and index + 1 < len(argv):
            found.append(str(argv[index + 1]))
        elif any(lowered.startswith(option + "=") for option in SECRET_OPTIONS):
            found.append(str(arg).split("=", 1)[1])
    return sorted((value for value in found if value), key=len, reverse=True)


def scrub(text, secrets):
    """`text` with every occurrence of each secret replaced by ``********``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return text


def _text_of(value):
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def key_type_for_sig_alg(sig_alg):
    """"ec", "rsa" or "dsa": the key type runmqakm generates for a ``-sig_alg`` value (IBM names the key
    type through the signature algorithm: ``SHA384WithECDSA``, ``EC_ecdsa_with_SHA384``, ``SHA256WithRSA``)."""
    norm = re.sub(r"[^a-z0-9]", "", str(sig_alg).lower())
    if "ecdsa" in norm:
        return "ec"
    if "dsa" in norm:
        return "dsa"
    return "rsa"


def _unquote(value):
    if value is not None and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _closing_quote(text):
    """Index of the double quote that closes a label starting at text[0], or -1."""
    for index in range(1, len(text)):
        if text[index] == '"' and (index + 1 == len(text) or text[index + 1] in " \t"):
            return index
    return -1


def _split_label(rest):
    """(label, [further columns]) from the text after the flag of a list row."""
    rest = rest.strip()
    if rest.startswith('"'):
        end = _closing_quote(rest)
        if end > 0:
            label, tail = rest[1:end], rest[end + 1:]
        else:
            label, tail = rest.strip('"'), ""
    else:
        parts = _COLUMNS_RE.split(rest, 1)
        label, tail = parts[0], (parts[1] if len(parts) > 1 else "")
    columns = [_unquote(part.strip()) for part in _COLUMNS_RE.split(tail.strip()) if part.strip()]
    return label, columns


def _list_entry(flags, rest):
    label, columns = _split_label(rest)
    kind = "personal"
    for flag in flags:
        kind = _KINDS.get(flag, kind)
    entry = {"label": label, "kind": kind, "default": "*" in flags}
    if columns:
        entry["subject"] = columns[0]
        entry["issuer"] = columns[1] if len(columns) > 1 else None
    return entry


def _is_legend(text):
    lowered = text.lower()
    return "default" in lowered and "personal" in lowered and "trusted" in lowered


def _indent(line):
    return len(line) - len(line.lstrip())


def parse_list(text):
    """Entries of a ``-cert -list`` output (runmqakm or runmqckm; gsk7cmd's legacy layout as far as it goes).

    Returns [{"label", "kind": "personal"|"trusted"|"secret"|None, "default": bool}], plus "subject" and
    "issuer" when the listing was made with ``-v``. Flags: ``*`` default, ``-`` personal, ``!`` trusted,
    ``#`` secret key. Banners, prompts, echoed commands and blank lines are skipped. Rows are read after a
    ``Certificates found`` header; without one (output cut by grep) only flag-TAB-label rows count. A
    legacy ``Certificates in database: F`` listing has no flags: its kind comes from an echoed
    ``-cert -list personal|CA`` command when the text holds one, else None.
    """
    entries = []
    in_block = False
    legacy_indent = None
    legacy_kind = None
    listed_kind = None
    for raw in _text_of(text).splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if legacy_indent is not None:
            if stripped and _indent(line) > legacy_indent:
                entries.append({"label": stripped, "kind": legacy_kind, "default": False})
                continue
            legacy_indent = None
        kind_match = _LIST_KIND_RE.search(stripped)
        if kind_match:
            listed_kind = _LIST_KINDS.get(kind_match.group(1).lower())
        body = stripped.lstrip(">").strip()  # some transcripts mark output lines with "> "
        lowered = body.lower()
        if lowered == "certificates found":
            in_block = True
            continue
        if lowered.startswith("no certificates were found"):
            in_block = False
            continue
        if _LEGACY_HEADER_RE.match(body):
            legacy_indent, legacy_kind, in_block = _indent(line), listed_kind, False
            continue
        if in_block:
            if not stripped or _is_legend(stripped):
                continue
            match = _ENTRY_RE.match(stripped)
            if match:
                entries.append(_list_entry(match.group("flags"), match.group("rest")))
                continue
            in_block = False
            continue
        match = _HEADLESS_ENTRY_RE.match(line)
        if match and not _is_legend(stripped):
            entries.append(_list_entry(match.group("flags"), match.group("rest")))
    return entries


def parse_request_list(text):
    """Labels of the pending certificate requests in a ``-certreq -list`` output.

    runmqakm prints ``Certificates requests found`` (sic) and then one TAB-indented label a line [3P];
    rows must be indented deeper than that header. With ``-v`` further columns follow the label after two
    spaces; only the label is returned. "No ... found" and anything outside the block give nothing.
    """
    labels = []
    header_indent = None
    for raw in _text_of(text).splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        body = stripped.lstrip(">").strip()
        if _REQUESTS_HEADER_RE.match(body):
            header_indent = _indent(line)
            continue
        if header_indent is None or not stripped:
            continue
        if _indent(line) <= header_indent and not line.startswith("\t"):
            header_indent = None
            continue
        label, _columns = _split_label(stripped)
        if label:
            labels.append(label)
    return labels


def _next_is_deeper(lines, index, base):
    for line in lines[index + 1:]:
        if line.strip():
            return _indent(line) > base
    return False


def _records(lines):
    """[key, value, [continuation lines]] from the lines of a details output, starting at its Label line."""
    start = None
    for index, line in enumerate(lines):
        match = _FIELD_RE.match(line.strip())
        if match and match.group("key").lower() == "label":
            start = index
            break
    if start is None:  # every details output starts with its Label line
        return []
    lines = lines[start:]
    base = _indent(lines[0])
    records = []
    for index, raw in enumerate(lines):
        line = raw.rstrip()
        body = line.strip()
        if not body:
            continue
        if _indent(line) <= base:
            match = _FIELD_RE.match(body)
            if match:
                key = match.group("key").strip()
                if key.lower() == "label" and records:
                    break  # a second details output: read the first only
                records.append([key, match.group("value") or "", []])
                continue
            if body.lower() in _BARE_KEYS or (_BARE_KEY_RE.match(body) and _next_is_deeper(lines, index, base)):
                records.append([body, "", []])
                continue
        if records:
            records[-1][2].append(body)
    return records


def _fingerprints(value, continuation, into):
    match = _SUBFIELD_RE.match(value) if value else None
    if match:  # runmqakm: "Fingerprint : SHA1 : " then the digest on the next lines
        into[match.group("name")] = " ".join(part for part in [match.group("value")] + continuation if part)
        return
    if value:
        into["digest"] = value
        return
    subs = [_SUBFIELD_RE.match(part) for part in continuation]
    if continuation and all(subs):  # runmqckm: "Fingerprint:" then "SHA1: ..." lines
        for sub in subs:
            into[sub.group("name")] = sub.group("value")
    elif continuation:  # runmqakm -certreq -details: an unnamed digest
        into["digest"] = " ".join(continuation)


def parse_details(text):
    """Fields of a ``-cert -details`` output, keyed as printed.

    Reads both runmqakm's ``Key : Value`` and runmqckm's ``Key: Value``. Lines indented deeper than the
    ``Label`` line, and lines that cannot start a field (hex dumps, ``]``), continue the field above; its
    value is then the lines joined with newlines. Lines without a colon (``Public Key``, ``Value``,
    ``Extensions``) start a field whose value is the lines below. ``Fingerprint`` gives a dict
    {algorithm: digest text} gathered from all its lines. Text before the first ``Label`` line (a
    prompt, an echoed command) is skipped, a text without one gives {}; truncated outputs give what
    they hold.
    """
    fields = {}
    for key, value, continuation in _records(_text_of(text).splitlines()):
        if key.lower() == "fingerprint":
            _fingerprints(value, continuation, fields.setdefault("Fingerprint", {}))
            continue
        if key in fields:
            continue
        if continuation:
            fields[key] = "\n".join(([value] if value else []) + continuation)
        else:
            fields[key] = value
    return fields


def _first(fields, *names):
    for name in names:
        if fields.get(name) not in (None, ""):
            return fields[name]
    return None


def _hex_digest(value):
    pairs = _HEX_PAIR_RE.findall(value.replace(":", " ")) if value else []
    return ":".join(pair.upper() for pair in pairs) or None


def normalize_details(fields):
    """The fields of `parse_details` under stable names, the same for runmqakm and runmqckm:

    {"label", "key_size": int|None, "version", "serial": lower-case hex without leading zeros|None,
     "subject", "issuer" (quotes removed), "not_before", "not_after" (as printed), "public_key_type",
     "signature_algorithm", "trust_status": bool|None, "fingerprints": {"sha1": "AA:BB:..", "hpkp": base64}}.
    Digests cut short in a sample ("30 F4 BD 1F...") keep the bytes that are there.
    """
    key_size = _first(fields, "Key Size")
    serial = _first(fields, "Serial", "Serial Number")
    serial_hex = "".join(_HEX_PAIR_RE.findall(serial.replace(":", " "))) if serial else ""
    not_before = _first(fields, "Not Before")
    not_after = _first(fields, "Not After")
    valid = _VALID_RE.match(_first(fields, "Valid") or "")
    if valid:
        not_before = not_before or valid.group("start")
        not_after = not_after or valid.group("end")
    trust = (_first(fields, "Trust Status") or "").strip().lower()
    fingerprints = {}
    for name, digest in (fields.get("Fingerprint") or {}).items():
        if name.upper() == "HPKP":
            fingerprints["hpkp"] = digest.strip()
        else:
            fingerprints[name.lower()] = _hex_digest(digest)
    return {
        "label": _first(fields, "Label"),
        "key_size": int(key_size) if key_size and key_size.strip().isdigit() else None,
        "version": _first(fields, "Version"),
        "serial": format(int(serial_hex, 16), "x") if serial_hex else None,
        "subject": _unquote(_first(fields, "Subject")),
        "issuer": _unquote(_first(fields, "Issuer", "Issued by")),
        "not_before": not_before,
        "not_after": not_after,
        "public_key_type": _first(fields, "Public Key Type"),
        "signature_algorithm": _first(fields, "Signature Algorithm"),
        "trust_status": True if trust in ("enabled", "enable", "true", "yes") else (
            False if trust in ("disabled", "disable", "false", "no") else None),
        "fingerprints": fingerprints,
    }


def _tokens(text):
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.escape = ""  # keep Windows paths such as %HOMEDRIVE%\Users\... intact
    try:
        return list(lexer)
    except ValueError:  # an unbalanced quote: fall back to plain words
        return text.split()


def find_commands(text):
    """argv lists of the runmqakm / runmqckm / gsk7cmd / gsk8capicmd commands written in a text.

    Shell prompts, list bullets and text before the program name are dropped, quotes are removed and a
    pipe or redirection ends the command. Useful to check documented or logged command lines; pass the
    result through `mask_argv` before showing it anywhere.
    """
    commands = []
    for line in _text_of(text).splitlines():
        match = _PROGRAM_RE.search(line)
        if not match:
            continue
        argv = []
        for token in _tokens(line[match.start():]):
            if token in _COMMAND_ENDS:
                break
            argv.append(token)
        commands.append(argv)
    return commands


class Runmqakm:
    """runmqakm on one machine: `run_command(argv, data=None) -> (rc, stdout, stderr)` runs a command.

    Every method but `create`, `change_password` and `stash_password` opens the repository with
    ``-stashed``, so the stash must exist. A failure (non-zero rc, or a CTGSKnnnnE/W message even with
    rc 0) raises `RunmqakmError` with the password masked.
    """

    def __init__(self, run_command, binary="runmqakm"):
        self.run_command = run_command
        self.binary = binary

    def _run(self, args):
        argv = [self.binary] + [str(arg) for arg in args]
        secrets = secret_values(argv)
        try:
            result = self.run_command(argv)
        except Exception as exc:  # the injected runner may raise anything; its text may hold argv
            raise RunmqakmError(scrub("could not run %s: %s" % (self.binary, exc), secrets), None, argv) from None
        rc, out, err = result[0], _text_of(result[1]), _text_of(result[2])
        problems = [line.strip() for line in (out + "\n" + err).splitlines() if _PROBLEM_RE.search(line)]
        if rc != 0 or problems:
            if problems:
                message = " ".join(problems)
            else:
                tail = [line.strip() for line in (err or out).splitlines() if line.strip()]
                message = " ".join(tail[-3:]) or "%s failed" % os.path.basename(self.binary)
            codes = [code for line in problems for code in _PROBLEM_RE.findall(line)]
            raise RunmqakmError(scrub(message, secrets), rc, argv, codes)
        return out

    # key databases

    def create(self, db, password, fips=True, strong=True, stash=True):
        """Create an empty CMS key database (``-keydb -create ... -type cms``) and, with `stash`, its stash.

        IBM's syntax passes the password on the command line (``-pw``): it is visible in the process table
        while runmqakm runs. `strong` makes runmqakm reject weak passwords (14+ characters, mixed case,
        a digit or special character, IBM's repetition rules); `fips` runs runmqakm in FIPS mode.
        """
        args = ["-keydb", "-create", "-db", db, "-pw", password, "-type", "cms"]
        if stash:
            args.append("-stash")
        if fips:
            args.append("-fips")
        if strong:
            args.append("-strong")
        self._run(args)

    def change_password(self, db, password, new_password, fips=True, strong=True):
        """Change the database password and re-stash it (``-keydb -changepw ... -new_pw N -stash``).

        Both passwords go on the command line (``-pw``, ``-new_pw``), as IBM's syntax requires: they are
        visible in the process table while runmqakm runs.
        """
        args = ["-keydb", "-changepw", "-db", db, "-pw", password, "-new_pw", new_password, "-stash"]
        if fips:
            args.append("-fips")
        if strong:
            args.append("-strong")
        self._run(args)

    def stash_password(self, db, password, v1stash=False):
        """Write the stash file (``-keydb -stashpw``); `v1stash` asks for the older 129-byte layout.

        The password goes on the command line (``-pw``), as IBM's syntax requires: it is visible in the
        process table while runmqakm runs.
        """
        args = ["-keydb", "-stashpw", "-db", db, "-pw", password]
        if v1stash:
            args.append("-v1stash")
        self._run(args)

    # certificates

    def list(self, db, verbose=False):
        """Entries of the database, as `parse_list` gives them (``-cert -list all``)."""
        args = ["-cert", "-list", "all", "-db", db, "-stashed"]
        if verbose:
            args.append("-v")
        return parse_list(self._run(args))

    def details(self, db, label):
        """The ``-cert -details`` fields of one entry, as `parse_details` gives them."""
        return parse_details(self._run(["-cert", "-details", "-db", db, "-stashed", "-label", label]))

    def extract(self, db, label, target_path):
        """Write the certificate of `label` to `target_path` as PEM (``-cert -extract ... -format ascii``)."""
        self._run(["-cert", "-extract", "-db", db, "-stashed", "-label", label, "-target", target_path, "-format", "ascii"])

    def certificate_pem(self, db, label, tmpdir):
        """The PEM text of the certificate of `label`, extracted into a new private directory under `tmpdir`."""
        workdir = tempfile.mkdtemp(prefix="runmqakm-", dir=tmpdir)
        try:
            target = os.path.join(workdir, "certificate.pem")
            self.extract(db, label, target)
            with open(target, "r", encoding="ascii", errors="replace") as handle:
                return handle.read()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def add(self, db, label, pem_path):
        """Add a CA (signer) certificate from a PEM file as a trusted entry (``-cert -add``)."""
        self._run(["-cert", "-add", "-db", db, "-stashed", "-label", label, "-file", pem_path, "-format", "ascii"])

    def delete(self, db, label):
        """Delete the entry `label` (``-cert -delete``); a missing label raises with code CTGSK3029W."""
        self._run(["-cert", "-delete", "-db", db, "-stashed", "-label", label])

    def receive(self, db, pem_path):
        """Receive a CA-signed certificate for a pending request (``-cert -receive``); it takes the request's label."""
        self._run(["-cert", "-receive", "-db", db, "-stashed", "-file", pem_path, "-format", "ascii"])

    # certificate requests

    def list_requests(self, db):
        """Labels of the pending certificate requests (``-certreq -list``)."""
        return parse_request_list(self._run(["-certreq", "-list", "-db", db, "-stashed"]))

    def extract_request(self, db, label, target):
        """Write the PKCS#10 request of the pending `label` to `target` (``-certreq -extract``)."""
        self._run(["-certreq", "-extract", "-db", db, "-stashed", "-label", label, "-target", target])

    def delete_request(self, db, label):
        """Delete the pending request `label` and its key (``-certreq -delete``)."""
        self._run(["-certreq", "-delete", "-db", db, "-stashed", "-label", label])

    def rename(self, db, label, new_label):
        """Give the entry `label` the label `new_label` (``-cert -rename``)."""
        self._run(["-cert", "-rename", "-db", db, "-stashed", "-label", label, "-new_label", new_label])

    def create_request(self, db, label, dn, size, sig_alg, target, san_dns=(), san_ip=()):
        """Create a key pair and a PKCS#10 request for it; the request goes to `target` (``-certreq -create``).

        runmqakm derives the key type from `sig_alg`: an ECDSA algorithm (``SHA384WithECDSA``,
        ``EC_ecdsa_with_SHA384``) makes an EC key whose curve follows `size` (256, 384, 512/521), any RSA
        algorithm an RSA key of `size` bits. SAN values are passed comma-separated ([U], see the module doc).
        """
        size = int(size)
        if key_type_for_sig_alg(sig_alg) == "ec" and size not in _EC_SIZES:
            raise ValueError("an ECDSA signature algorithm needs -size 256, 384 or 512 (P-521), not %d" % size)
        args = ["-certreq", "-create", "-db", db, "-stashed", "-label", label, "-dn", dn,
                "-size", str(size), "-sig_alg", sig_alg, "-file", target]
        if san_dns:
            args.extend(["-san_dnsname", ",".join(san_dns)])
        if san_ip:
            args.extend(["-san_ipaddr", ",".join(san_ip)])
        self._run(args)
