# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crash safety and concurrency of repository writes: no torn file, no lost update, no loose mode."""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
import time

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import atomic_file
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cert_backend as cb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend as kb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_store

PASSWORD = "Passw0rd-Atomic-1"


def test_failed_rename_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "k.p12"
    atomic_file.write(str(target), b"old")

    def broken(_src, _dst):
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        atomic_file.write(str(target), b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.p12"]


def test_mode_is_set_before_the_file_appears(tmp_path):
    old = os.umask(0)
    try:
        atomic_file.write(str(tmp_path / "k.p12"), b"x", 0o600)
        atomic_file.write(str(tmp_path / "k.p12"), b"y", 0o400)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "k.p12").st_mode) == 0o400


def test_stale_temporaries_are_removed_under_the_lock(tmp_path):
    stale = tmp_path / ".k.p12.abcd1234.tmp"
    stale.write_bytes(b"left by a killed writer")
    with atomic_file.locked(str(tmp_path / "k.p12")):
        pass
    assert not stale.exists()


def _add_ca(path, index, pem, barrier):
    barrier.wait()
    cb.CertBackend({"path": path, "password": PASSWORD, "kind": "trusted", "label": "ca-%d" % index,
                    "certificate": pem}).run()


def test_concurrent_runs_lose_no_update(tmp_path, pki):
    """Eight processes add eight CA certificates to one repository at the same moment: all eight are kept."""
    path = str(tmp_path / "shared.p12")
    kb.KeyRepo({"path": path, "password": PASSWORD, "kdf_iterations": 1000}).run()
    pems = [pki.pem(pki.ca("Concurrent CA %d" % i)[0]) for i in range(8)]
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(8)
    workers = [context.Process(target=_add_ca, args=(path, i, pems[i], barrier)) for i in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with open(path, "rb") as handle:
        labels = sorted(e.label for e in pkcs12_store.load(handle.read(), PASSWORD).entries)
    assert labels == sorted("ca-%d" % i for i in range(8))


def _rewrite_forever(path, pems):
    index = 0
    while True:
        cb.CertBackend({"path": path, "password": PASSWORD, "kind": "trusted", "label": "rotating",
                        "certificate": pems[index % len(pems)]}).run()
        index += 1


def test_killed_writer_never_leaves_a_torn_repository(tmp_path, pki):
    """SIGKILL a process that rewrites the repository in a loop, 25 times at varied moments: every time the
    file still opens with its password and holds a whole set of entries."""
    path = str(tmp_path / "crash.p12")
    kb.KeyRepo({"path": path, "password": PASSWORD, "kdf_iterations": 1000}).run()
    pems = [pki.pem(pki.ca("Crash CA %d" % i)[0]) for i in range(3)]
    fingerprints = set()
    context = multiprocessing.get_context("fork")
    for attempt in range(25):
        writer = context.Process(target=_rewrite_forever, args=(path, pems))
        writer.start()
        time.sleep(0.05 + (attempt % 5) * 0.037)
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(10)
        with open(path, "rb") as handle:
            repository = pkcs12_store.load(handle.read(), PASSWORD)
        assert [e.label for e in repository.entries] in ([], ["rotating"])
        fingerprints.update(e.fingerprint() for e in repository.entries)
    assert len(fingerprints) >= 2  # the writer really did replace the file between kills
    kb.KeyRepo({"path": path, "password": PASSWORD, "kdf_iterations": 1000}).run()  # takes the lock: cleans up
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
