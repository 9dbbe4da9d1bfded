"""Local single-user mode must not be reachable from other machines by accident.

Business rule: without sign-in configured, anyone who reaches the port may see and change
everything, so the dashboard serves only on a loopback address (127.0.0.1, ::1, localhost) unless
the operator sets TECHSPEND_ALLOW_ANONYMOUS=1 on purpose. Streamlit's default server.address
(unset) listens on every interface, so an unset address counts as "every interface" and
.streamlit/config.toml sets 127.0.0.1 for the README's first command.

Worked example: refuse_to_serve("0.0.0.0", {}) -> a message naming the address and the two ways
out; refuse_to_serve("127.0.0.1", {}) -> None; refuse_to_serve("", {"TECHSPEND_ALLOW_ANONYMOUS":
"1"}) -> None.
"""

from __future__ import annotations

import ipaddress
from typing import Mapping

ALLOW_ENV = "TECHSPEND_ALLOW_ANONYMOUS"


def is_loopback(address: str | None) -> bool:
    text = (address or "").strip().strip("[]")
    if not text:
        return False  # unset: Streamlit listens on every interface
    if text.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False  # a host name: may resolve beyond this machine


def refuse_to_serve(address: str | None, environ: Mapping[str, str]) -> str | None:
    """Why local mode may not serve on `address`, or None when it may."""
    if is_loopback(address) or environ.get(ALLOW_ENV, "").strip() == "1":
        return None
    where = address or "every network interface (server.address is not set)"
    return (f"techspend is in local single-user mode (no sign-in is configured) and would be "
            f"reachable on {where}: anyone on the network could see and change every figure. "
            "Configure sign-in ([auth] in .streamlit/secrets.toml, see the README), or serve on "
            f"127.0.0.1, or set {ALLOW_ENV}=1 to allow anonymous access on purpose.")
