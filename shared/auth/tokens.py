"""Access-token verification against the realm's published keys: RS256 signature, issuer, audience, expiry."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx
from jwcrypto.common import JWException
from jwcrypto.jwk import JWK, JWKSet
from jwcrypto.jws import JWS

from shared.auth.principal import Principal, TokenRejected
from shared.settings import KeycloakSettings

log = logging.getLogger(__name__)

# Keycloak signs access tokens with RS256 unless the realm is told otherwise. Pinning it refuses `none`,
# and HS256 "signed" with the public key as the HMAC secret (the classic key-confusion forgery).
ALGORITHM = "RS256"


class KeysUnavailable(Exception):
    """The realm's keys could not be fetched, so no token can be judged: the service, not the caller, is at fault."""


class TokenVerifier:
    """Verifies the realm's access tokens; the keys are cached and fetched again when an unknown `kid` appears."""

    def __init__(
        self,
        settings: KeycloakSettings,
        *,
        leeway: float = 30.0,
        refresh_interval: float = 10.0,
        now: Callable[[], float] = time.time,
        fetch_timeout: float = 5.0,
    ) -> None:
        self.issuer = f"{settings.url.rstrip('/')}/realms/{settings.realm}"
        self.audience = settings.audience
        self.jwks_url = f"{self.issuer}/protocol/openid-connect/certs"
        self.leeway = leeway
        self.refresh_interval = refresh_interval
        self.jwks_fetches = 0
        self._now = now
        self._fetch_timeout = fetch_timeout
        self._keys: dict[str, JWK] | None = None
        self._last_attempt = -math.inf
        self._lock = asyncio.Lock()

    async def verify(self, token: str) -> Principal:
        jws, kid = _parse(token)
        key = await self._key(kid)
        try:
            jws.verify(key, alg=ALGORITHM)
        except (JWException, ValueError) as exc:
            raise TokenRejected("the token's signature is not valid") from exc
        claims = _payload(jws)
        self._check_claims(claims)
        return Principal.from_claims(claims)

    async def _key(self, kid: str) -> JWK:
        if self._keys is None or kid not in self._keys:
            await self._refresh(kid)
        assert self._keys is not None  # _refresh raises KeysUnavailable rather than leave none
        key = self._keys.get(kid)
        if key is None:
            raise TokenRejected("the token is signed with a key the realm does not publish")
        return key

    async def _refresh(self, kid: str) -> None:
        async with self._lock:
            if self._keys is not None and kid in self._keys:
                return  # a concurrent request fetched the keys while this one waited
            # Rate-limited, so tokens with made-up kids cannot turn the service into a load on Keycloak.
            if self._now() - self._last_attempt < self.refresh_interval:
                if self._keys is None:
                    raise KeysUnavailable("the realm's keys were fetched moments ago without success")
                return
            self._last_attempt = self._now()
            try:
                self._keys = await self._fetch()
            except (httpx.HTTPError, ValueError, JWException) as exc:
                log.warning("fetching the realm's keys from %s failed: %s", self.jwks_url, type(exc).__name__)
                if self._keys is None:
                    raise KeysUnavailable("the realm's keys could not be fetched") from exc

    async def _fetch(self) -> dict[str, JWK]:
        async with httpx.AsyncClient(timeout=self._fetch_timeout) as client:
            response = await client.get(self.jwks_url)
            response.raise_for_status()
        self.jwks_fetches += 1
        keyset = JWKSet.from_json(response.text)
        # The realm also publishes an encryption key (use "enc"); only signing keys may vouch for a token.
        return {
            key["kid"]: key
            for key in keyset
            if key.get("kty") == "RSA" and key.get("use", "sig") == "sig" and key.get("kid")
        }

    def _check_claims(self, claims: Mapping[str, Any]) -> None:
        if claims.get("iss") != self.issuer:
            raise TokenRejected("the token was issued by another issuer")
        audience = claims.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience or []
        if self.audience not in audiences:
            raise TokenRejected("the token is not meant for this API")
        now, exp, nbf = self._now(), claims.get("exp"), claims.get("nbf")
        if not isinstance(exp, int | float):
            raise TokenRejected("the token carries no expiry")
        if now > exp + self.leeway:
            raise TokenRejected("the token has expired")
        if isinstance(nbf, int | float) and now < nbf - self.leeway:
            raise TokenRejected("the token is not valid yet")
        if claims.get("typ") != "Bearer":
            raise TokenRejected("the token is not an access token")


def _parse(token: str) -> tuple[JWS, str]:
    """Read the header before any key is trusted: compact form, RS256, and the id of the signing key."""
    if token.count(".") != 2:
        raise TokenRejected("the token is not a signed JWT")
    jws = JWS()
    jws.allowed_algs = [ALGORITHM]
    try:
        jws.deserialize(token)
        header = jws.jose_header
    except (JWException, ValueError) as exc:
        raise TokenRejected("the token is not a signed JWT") from exc
    if header.get("alg") != ALGORITHM:
        raise TokenRejected(f"the token's algorithm is not {ALGORITHM}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise TokenRejected("the token names no signing key")
    return jws, kid


def _payload(jws: JWS) -> Mapping[str, Any]:
    try:
        claims = json.loads(jws.payload)
    except ValueError as exc:
        raise TokenRejected("the token's claims are not JSON") from exc
    if not isinstance(claims, dict):
        raise TokenRejected("the token's claims are not an object")
    return claims
