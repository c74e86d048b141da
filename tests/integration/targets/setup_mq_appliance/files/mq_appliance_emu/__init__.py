# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE.
# The "emulated appliance" stands in for an IBM MQ Appliance's command line (over SSH) and its REST
# management file store, written by this project from IBM's documented behaviour (see docs/appliance.md).
# It contains no IBM code and is never shipped in the built collection: it lives under tests/ and only
# this collection's tests use it. See README.md beside this file for what it models and what it does not.
"""mq_appliance_emu: a test double of the IBM MQ Appliance CLI (SSH, mqcli certificate commands) and file store."""

__version__ = "1.0.0"
