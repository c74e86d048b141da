# -*- coding: utf-8 -*-
# Copyright: mqstig.tls contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# TEST DOUBLE - NOT IBM SOFTWARE.
# The "lab queue manager" is a stand-in for an IBM MQ queue manager, written by this project from IBM's
# documented behaviour and from real command outputs published on the web. It contains no IBM code and is
# never shipped in the built collection: it lives under tests/ and only this collection's tests use it.
# See README.md beside this file for what it models and what it does not.
"""mq_lab_qmgr: a test double of an IBM MQ queue manager (state model, MQSC, runmqsc, REST API, TLS listener)."""

__version__ = "1.0.0"
