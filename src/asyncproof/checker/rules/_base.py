"""The `rule` decorator: a rule module declares its metadata once, on its check function."""

from __future__ import annotations

from collections.abc import Callable

from asyncproof.checker.diagnostic import Check, Rule

__all__ = ["REGISTERED", "rule"]

REGISTERED: dict[str, Rule] = {}
"""Code -> rule, filled as the rule modules are imported (see `asyncproof.checker.rules`)."""


def rule(
    code: str,
    name: str,
    *,
    summary: str,
    message: str,
    fixable: bool = False,
    opt_in: bool = False,
    test_only: bool = False,
) -> Callable[[Check], Rule]:
    """Turn a check function into a registered `Rule`.

    The function yields a `Hit` for each finding; the rule turns hits into diagnostics with
    its code and `message` (a `str.format` template filled from the hit's fields).

    Args:
        code: `APFNNN`; the module's name must start with it in lower case.
        name: Kebab-case name; the module's name must end with it in snake case.
        summary: One line for `asyncproof rules` and the rules index page.
        message: The diagnostic's text.
        fixable: True when `asyncproof migrate` rewrites the finding.
        opt_in: True when the rule runs only if selected explicitly (not by default).
        test_only: True when the rule is about tests themselves: it skips modules that are
            not test modules (see `asyncproof.checker.files`).

    Raises:
        ValueError: The code is taken, or the module is not named `apfNNN_<name>`.
    """

    def register(check: Check) -> Rule:
        module = check.__module__.rpartition(".")[2]
        expected = f"{code.lower()}_{name.replace('-', '_')}"
        if module != expected:
            raise ValueError(f"rule {code} {name} must live in a module named {expected}.py")
        if code in REGISTERED:
            raise ValueError(f"rule code {code} registered twice")
        registered = REGISTERED[code] = Rule(
            code, name, summary, message, fixable, check, opt_in=opt_in, test_only=test_only
        )
        return registered

    return register
