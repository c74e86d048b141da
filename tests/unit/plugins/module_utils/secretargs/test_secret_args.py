# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module half of secret delivery: placeholders replaced from the file, the file deleted, values no_log."""

from __future__ import annotations

import json

import pytest

from ansible_collections.mqstig.tls.plugins.module_utils import secret_args


class Failed(Exception):
    pass


class FakeModule(object):
    def __init__(self, params):
        self.params = params
        self.no_log_values = set()

    def fail_json(self, msg):
        raise Failed(msg)


def test_placeholders_are_replaced_and_the_file_is_deleted(tmp_path):
    path = tmp_path / "mqstig-secrets.json"
    path.write_text(json.dumps({"password": "Keyrepo-Pw-1", "new_password": "Keyrepo-Pw-2"}))
    module = FakeModule({"path": "/var/mqm/ssl/app1.p12", "password": secret_args.PREFIX + str(path),
                         "new_password": secret_args.PREFIX + str(path), "stash": True})
    secret_args.restore(module)
    assert module.params == {"path": "/var/mqm/ssl/app1.p12", "password": "Keyrepo-Pw-1",
                             "new_password": "Keyrepo-Pw-2", "stash": True}
    assert module.no_log_values == {"Keyrepo-Pw-1", "Keyrepo-Pw-2"}
    assert not path.exists()


def test_without_placeholders_nothing_changes():
    module = FakeModule({"password": "given-directly", "other": None})
    secret_args.restore(module)
    assert module.params == {"password": "given-directly", "other": None} and module.no_log_values == set()


def test_a_missing_file_or_value_fails_clearly(tmp_path):
    with pytest.raises(Failed, match="cannot read the secrets the action plugin sent"):
        secret_args.restore(FakeModule({"password": secret_args.PREFIX + str(tmp_path / "gone.json")}))
    path = tmp_path / "partial.json"
    path.write_text(json.dumps({"password": "x"}))
    with pytest.raises(Failed, match="no value for url_password"):
        secret_args.restore(FakeModule({"url_password": secret_args.PREFIX + str(path)}))
    assert not path.exists()
