"""`asyncproof check`: the guide's quality checklist as a static checker for test code.

Uses the standard library's `ast` only, so importing it stays cheap.
"""

from __future__ import annotations

from asyncproof.checker.config import Config, ConfigError, find_config, select_codes
from asyncproof.checker.diagnostic import Diagnostic, Rule
from asyncproof.checker.engine import check_file, check_files, check_source
from asyncproof.checker.files import discover
from asyncproof.checker.module import Settings
from asyncproof.checker.registry import RULES, RULES_BY_CODE
from asyncproof.checker.report import FORMATS, render

__all__ = [
    "FORMATS",
    "RULES",
    "RULES_BY_CODE",
    "Config",
    "ConfigError",
    "Diagnostic",
    "Rule",
    "Settings",
    "check_file",
    "check_files",
    "check_source",
    "discover",
    "find_config",
    "render",
    "select_codes",
]
