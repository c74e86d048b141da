# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crash safety and concurrency of key repository writes, at the scale of the proof suite.

* 200 writes killed with SIGKILL at random moments: afterwards the repository always opens with its password and
  holds exactly the old content or exactly the new one; both outcomes occur, so the kills really land on both sides
  of the commit (the rename).
* 20 processes add 20 different CA certificates to one repository at the same moment: every one is present at the
  end, or the process that lost says so clearly; never a lost update, never a file that does not open.

These are deterministic properties (asserted); the seeds are fixed so a failure can be replayed.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import stat
import time

from ansible_collections.mqstig.tls.plugins.module_utils.keystore import cert_backend as cb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import keyrepo_backend as kb
from ansible_collections.mqstig.tls.plugins.module_utils.keystore import pkcs12_store

PASSWORD = "Proof-Suite-Keyrepo-1"
KILLS = 200
WRITERS = 20


def content(path):
    """What the repository holds: {label: fingerprint}; it must open with its password."""
    with open(path, "rb") as handle:
        repository = pkcs12_store.load(handle.read(), PASSWORD)
    return {entry.label: entry.fingerprint() for entry in repository.entries}


def trust(path, label, pem):
    return cb.CertBackend({"path": path, "password": PASSWORD, "kind": "trusted", "label": label,
                           "certificate": pem}).run()


def _one_write(path, pem, ready):
    ready.set()
    trust(path, "rotating", pem)
    # A forked child leaves without running the parent's atexit work.
    os._exit(0)  # pylint: disable=protected-access


def test_two_hundred_killed_writes_leave_the_old_or_the_new_content(tmp_path, pki):
    path = str(tmp_path / "crash.p12")
    kb.KeyRepo({"path": path, "password": PASSWORD, "kdf_iterations": 1000}).run()
    for index in range(3):
        trust(path, "base-%d" % index, pki.pem(pki.ca("Base CA %d" % index)[0]))
    pems = [pki.pem(pki.ca("Rotating CA %d" % i)[0]) for i in range(8)]
    trust(path, "rotating", pems[0])
    context = multiprocessing.get_context("fork")
    # How long a write takes in a child, from its start to its exit, so the kills spread over the whole of it.
    timings = []
    for index in range(3):
        ready = context.Event()
        child = context.Process(target=_one_write, args=(path, pems[index % len(pems)], ready))
        child.start()
        ready.wait(10)
        started = time.monotonic()
        child.join(30)
        timings.append(time.monotonic() - started)
    duration = max(timings)
    rng = random.Random(20261203)
    outcomes = {"old": 0, "new": 0}
    for attempt in range(KILLS):
        old = content(path)
        new_pem = pems[(attempt + 1) % len(pems)]
        ready = context.Event()
        child = context.Process(target=_one_write, args=(path, new_pem, ready))
        child.start()
        ready.wait(10)
        time.sleep(rng.uniform(0, duration * 1.3))
        try:
            os.kill(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.join(10)
        now = content(path)
        base = {k: v for k, v in now.items() if k != "rotating"}
        assert base == {k: v for k, v in old.items() if k != "rotating"}, "attempt %d lost base entries" % attempt
        if now == old:
            outcomes["old"] += 1
        else:
            assert set(now) == set(old) and now["rotating"] != old["rotating"], "attempt %d: torn" % attempt
            outcomes["new"] += 1
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    print("killed writes: %d left the old content, %d the new (one write: %.0f ms)"
          % (outcomes["old"], outcomes["new"], duration * 1000))
    # Kills landed before and after the commit.
    assert outcomes["old"] > 0 and outcomes["new"] > 0, outcomes
    # The next run takes the lock and clears what the killed writers left behind.
    trust(path, "after", pki.pem(pki.ca("After CA")[0]))
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("crash.p12", "crash.sth") and
                 not p.name.endswith(".lock")]
    assert leftovers == [], leftovers


def _concurrent_add(path, index, pem, barrier, results):
    barrier.wait(30)
    try:
        trust(path, "ca-%02d" % index, pem)
        results.put((index, "ok"))
    except Exception as exc:  # pylint: disable=broad-except
        # The loser's error is what is judged.
        results.put((index, "%s: %s" % (type(exc).__name__, exc)))


def test_twenty_concurrent_writers_lose_no_update(tmp_path, pki):
    path = str(tmp_path / "shared.p12")
    kb.KeyRepo({"path": path, "password": PASSWORD, "kdf_iterations": 1000}).run()
    pems = [pki.pem(pki.ca("Concurrent CA %d" % i)[0]) for i in range(WRITERS)]
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WRITERS)
    results = context.Queue()
    workers = [context.Process(target=_concurrent_add, args=(path, i, pems[i], barrier, results))
               for i in range(WRITERS)]
    for worker in workers:
        worker.start()
    outcome = dict(results.get(timeout=300) for _worker in workers)
    for worker in workers:
        worker.join(60)
    held = content(path)
    for index, said in outcome.items():
        label = "ca-%02d" % index
        if said == "ok":
            assert label in held, "lost update: %s reported success but is missing" % label
        else:
            # A loser must say why, in words a person can act on, and must not have half-written anything.
            assert "run again" in said or "lock" in said, said
            assert label not in held
    assert sorted(held) == sorted("ca-%02d" % i for i, said in outcome.items() if said == "ok")
    assert len(outcome) == WRITERS and list(outcome.values()).count("ok") == WRITERS, outcome
