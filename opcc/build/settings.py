"""What every build reads first: the publication-scheme profile and the personal-data
scanner, both shaped by site.yaml."""

from __future__ import annotations

from opcc import scheme
from opcc.config import ConfigError, SiteConfig
from opcc.diagnostics import error
from opcc.redaction import Scanner, gate


def load_profile(config: SiteConfig) -> scheme.Profile:
    """The built-in profile with site.yaml's overrides applied."""
    if config.scheme.profile not in scheme.BUILT_IN_PROFILES:
        pos = config.positions.get(("scheme", "profile"))
        raise ConfigError([error(
            "config.profile", f"unknown scheme profile '{config.scheme.profile}'",
            path="site.yaml", line=pos.line if pos else None, hint="the built-in profiles "
            "are: " + ", ".join(scheme.BUILT_IN_PROFILES))])
    profile, problems = scheme.apply_overrides(scheme.load_profile(config.scheme.profile),
                                               config.scheme, config.positions)
    if problems:
        raise ConfigError(problems)
    return profile



def site_scanner(config: SiteConfig) -> Scanner:
    """The personal-data scanner with site.yaml's allow list and protected names."""
    for number, item in enumerate(config.redaction.allow):
        if not isinstance(item, dict) or not str(item.get("reason") or "").strip():
            pos = config.positions.get(("redaction", "allow", number))
            raise ConfigError([error(
                "config.redaction", f"redaction.allow item {number + 1} has no reason",
                path="site.yaml", line=pos.line if pos else None, column=pos.column if pos
                else None, hint="say why the value may be published, e.g. {value: \"01632 "
                "960100\", reason: \"the office's switchboard\"}")])
    try:
        scanner = Scanner.from_settings(config.redaction.allow,
                                        config.redaction.protected_names, root=config.root)
        # the office's own details, declared in site.yaml, are public by definition
        own = gate.organisation_values(scanner, config)
        return Scanner.from_settings([*config.redaction.allow, *own],
                                     config.redaction.protected_names, root=config.root) \
            if own else scanner
    except (ValueError, OSError) as exc:
        pos = config.positions.get(("redaction",))
        raise ConfigError([error("config.redaction", str(exc), path="site.yaml",
                                 line=pos.line if pos else None,
                                 hint="each allow item is {value: …, reason: …} or "
                                      "{pattern: …, reason: …}; protected_names names a file "
                                      "made by opcc redaction hash-names")]) from None

