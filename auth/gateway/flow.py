"""TRANSITIONAL (issue 15): flow.py was split into service_config.py, part.py and errors.py. Deleted as soon
as the last importer outside the gateway switches (gw-core's notes list it).
"""

from __future__ import annotations

from trader_login.auth.gateway.part import GatewayPart

__all__ = ["GatewayPart"]
