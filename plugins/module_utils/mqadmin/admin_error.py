# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error every transport raises, so backends never need to know which transport failed."""

from __future__ import annotations


class AdminError(Exception):
    """A command failed. `not_found` says it failed only because the object does not exist."""

    def __init__(self, message, not_found=False, details=None):
        super().__init__(message)
        self.message = message
        self.not_found = not_found
        self.details = details or {}
