"""Before a release goes out: no placeholder address may reach the public.

The bundled settings ship with `example.org` addresses (RFC 2606 reserves
example domains so that nobody's real mail or site is named by mistake). A
release that printed them would send a worried parent's email nowhere, so
`invoke publish` names each one still set and stops before building.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from safeonline.plugins.organisation.config import organisation_settings

# RFC 2606 and RFC 6761: names that can never belong to a real organisation.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_TLDS = ("example", "test", "invalid", "localhost")


def is_reserved(host: str) -> bool:
    host = host.lower().rstrip(".")
    labels = host.split(".")
    return (host in RESERVED_TLDS or labels[-1] in RESERVED_TLDS
            or any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS))


def _host(value: str) -> str:
    return value.rpartition("@")[2] if "@" in value and "//" not in value else \
        (urlsplit(value).hostname or "")


def placeholder_addresses(settings: dict) -> list[str]:
    """One `publishconf.py: error: ...` line per public address still reserved."""
    org = organisation_settings(settings)
    named = [("SITEURL", settings.get("SITEURL", ""), "SAFEONLINE_SITEURL"),
             ("PUBLIC_SITEURL", settings.get("PUBLIC_SITEURL", ""), "SAFEONLINE_SITEURL"),
             ("ORGANISATION['email']", org.email, "SAFEONLINE_CONTACT_EMAIL"),
             ("ORGANISATION['url']", org.url, "SAFEONLINE_ORGANISATION_URL")]
    return [f"publishconf.py: error: {key} is '{value}', a reserved example address "
            f"(set your own in publishconf.py, or in the environment as {env})"
            for i, (key, value, env) in enumerate(named)
            if value and is_reserved(_host(str(value)))
            and not (key == "PUBLIC_SITEURL" and value == named[0][1])]  # said once
