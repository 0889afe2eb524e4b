"""The portal as an OpenID Connect client of the realm: authorization URL (PKCE S256), code exchange, refresh, logout."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from jwcrypto.common import JWException
from jwcrypto.jwk import JWKSet
from jwcrypto.jwt import JWT
from keycloak import KeycloakOpenID
from keycloak.exceptions import KeycloakConnectionError, KeycloakError, KeycloakPostError
from keycloak.pkce_utils import generate_code_challenge

from services.portal.settings import OidcClientSettings
from shared.settings import KeycloakSettings

# Keycloak answers 0 for a refresh token that never expires on its own (offline access); the portal then keeps
# the session for the realm's usual idle time instead.
_DEFAULT_REFRESH_SECONDS = 1800


class IdentityProviderDown(Exception):
    """Keycloak could not be reached: the user is not at fault, so this is a 503, not a sign-out."""


class GrantRefused(Exception):
    """Keycloak refused the code or the refresh token (expired, used, or the session ended there)."""


@dataclass(frozen=True, slots=True)
class TokenSet:
    access_token: str
    refresh_token: str
    id_token: str
    access_expires_at: float  # epoch seconds
    refresh_expires_at: float

    @classmethod
    def from_response(
        cls, body: Mapping[str, Any], previous_id_token: str = "", now: float | None = None
    ) -> TokenSet:
        now = time.time() if now is None else now
        refresh_seconds = int(body.get("refresh_expires_in") or 0) or _DEFAULT_REFRESH_SECONDS
        return cls(
            access_token=body["access_token"],
            refresh_token=body.get("refresh_token", ""),
            # A refresh answer may omit the id token; the one from sign-in still serves as logout hint.
            id_token=body.get("id_token") or previous_id_token,
            access_expires_at=now + int(body.get("expires_in") or 0),
            refresh_expires_at=now + refresh_seconds,
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> TokenSet:
        return cls(**json.loads(text))


class OidcClient:
    """Talks to Keycloak at the same URL the browser uses (tokens' issuer is that URL)."""

    def __init__(self, keycloak: KeycloakSettings, client: OidcClientSettings, redirect_uri: str) -> None:
        self.issuer = f"{keycloak.url.rstrip('/')}/realms/{keycloak.realm}"
        self.client_id = client.client_id
        self.redirect_uri = redirect_uri
        self.keycloak = KeycloakOpenID(
            server_url=keycloak.url,
            realm_name=keycloak.realm,
            client_id=client.client_id,
            client_secret_key=client.client_secret.get_secret_value(),
            timeout=10,
        )
        self._endpoints: dict[str, Any] | None = None

    async def endpoints(self) -> dict[str, Any]:
        if self._endpoints is None:
            self._endpoints = await self._call(self.keycloak.a_well_known())
        return self._endpoints

    async def authorization_url(self, state: str, nonce: str, code_verifier: str, ui_locales: str) -> str:
        challenge, method = generate_code_challenge(code_verifier, "S256")
        query = {
            "client_id": self.client_id,
            "response_type": "code",
            "scope": "openid",
            "redirect_uri": self.redirect_uri,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": method,
            "ui_locales": ui_locales,
        }
        return f"{(await self.endpoints())['authorization_endpoint']}?{urlencode(query)}"

    async def exchange_code(self, code: str, code_verifier: str) -> TokenSet:
        body = await self._call(
            self.keycloak.a_token(
                grant_type="authorization_code",
                code=code,
                redirect_uri=self.redirect_uri,
                code_verifier=code_verifier,
            )
        )
        return TokenSet.from_response(body)

    async def refresh(self, tokens: TokenSet) -> TokenSet:
        body = await self._call(self.keycloak.a_refresh_token(tokens.refresh_token))
        return TokenSet.from_response(body, previous_id_token=tokens.id_token)

    async def end_session_url(self, id_token: str, post_logout_redirect_uri: str) -> str:
        query = {"client_id": self.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
        if id_token:
            query["id_token_hint"] = id_token
        return f"{(await self.endpoints())['end_session_endpoint']}?{urlencode(query)}"

    async def id_token_claims(self, id_token: str, nonce: str) -> dict[str, Any]:
        """The id token's claims once its signature, issuer, audience, expiry and nonce are checked.

        The keys are fetched per sign-in (not per request), so a rotated realm key never locks anyone out.
        """
        keys = JWKSet.from_json(json.dumps(await self._call(self.keycloak.a_certs())))
        try:
            token = JWT(
                jwt=id_token,
                key=keys,
                algs=["RS256"],
                check_claims={"iss": self.issuer, "aud": self.client_id, "exp": None, "nonce": nonce},
                expected_type="JWS",
            )
        except (JWException, ValueError) as exc:
            raise GrantRefused(f"the id token was refused: {type(exc).__name__}") from exc
        return json.loads(token.claims)

    async def _call(self, awaitable):  # noqa: ANN001, ANN202 - passes python-keycloak's answer through
        try:
            return await awaitable
        except KeycloakConnectionError as exc:
            raise IdentityProviderDown("the sign-in service cannot be reached") from exc
        except KeycloakPostError as exc:
            # 400/401 from the token endpoint: invalid_grant, a used code, an ended Keycloak session.
            if exc.response_code is not None and exc.response_code < 500:
                raise GrantRefused(f"Keycloak refused the grant ({exc.response_code})") from exc
            raise IdentityProviderDown("the sign-in service failed") from exc
        except KeycloakError as exc:
            raise IdentityProviderDown("the sign-in service failed") from exc
