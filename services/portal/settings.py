"""Settings of the portal service, read from XF_PORTAL_* environment variables."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings

_REPO_ROOT = Path(__file__).resolve().parents[2]
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


class OidcClientSettings(BaseModel):
    """The portal's own client in the realm (confidential, authorization code + PKCE S256)."""

    client_id: str = Field("portal", description="Client id of the portal in the realm")
    client_secret: SecretStr = Field(SecretStr(""), description="Secret of the portal client")
    ui_locales: str = Field("zh-CN", description="Language of Keycloak's login page when none was chosen")


class ServiceApis(BaseModel):
    """Base URLs of the four APIs the portal calls with the user's own token."""

    intake: str = Field("http://127.0.0.1:8101", description="Intake API")
    supervision: str = Field("http://127.0.0.1:8102", description="Supervision API")
    training_records: str = Field("http://127.0.0.1:8103", description="Training records API")
    reporting: str = Field("http://127.0.0.1:8104", description="Reporting API")


class PortalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="XF_PORTAL_")  # the rest is ServiceSettings' own

    public_url: str = Field(
        "http://localhost:8100", description="Address users open in the browser; sign-in returns here"
    )
    oidc: OidcClientSettings = OidcClientSettings()
    session_key: SecretStr = Field(
        SecretStr(""),
        description="Secret (16+ characters) from which the session-token encryption key and the CSRF key are derived; the same on every replica",
    )
    session_cookie_secure: bool | None = Field(
        None,
        description="Secure flag of the cookies; unset means on, except for a public URL on http://localhost or 127.0.0.1",
    )
    apis: ServiceApis = ServiceApis()

    @property
    def cookie_secure(self) -> bool:
        if self.session_cookie_secure is not None:
            return self.session_cookie_secure
        parts = urlsplit(self.public_url)
        # A browser may refuse a Secure cookie set over plain http, and then no one can sign in; plain http is
        # acceptable only on the developer's own machine, so only there is the flag off by default.
        return not (parts.scheme == "http" and (parts.hostname or "") in _LOCAL_HOSTS)

    @property
    def redirect_uri(self) -> str:
        return f"{self.public_url.rstrip('/')}/auth/callback"
