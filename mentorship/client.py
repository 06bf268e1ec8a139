"""Who is asking: the client's address behind the trusted proxies."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address as the trusted proxies saw it (the rule allauth's rate limits
    follow, ALLAUTH_TRUSTED_PROXY_COUNT): entries a client wrote into X-Forwarded-For
    itself stand left of those and are never read."""
    trusted = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    candidate = hops[-trusted] if trusted and len(hops) >= trusted else None
    for ip in (candidate, request.META.get("REMOTE_ADDR")):
        try:
            return str(ipaddress.ip_address(ip or ""))
        except ValueError:
            continue
    return None
