"""Everything the portal's handlers need for the whole life of the process, built once in create_app."""

from __future__ import annotations

from dataclasses import dataclass

from services.portal.service.apis import ServiceApi
from services.portal.service.oidc import OidcClient
from services.portal.service.places import PlaceNames
from services.portal.service.sign_in import SignInFlow
from services.portal.service.web_sessions import SessionStore
from services.portal.settings import PortalSettings


@dataclass(frozen=True, slots=True)
class PortalContext:
    settings: PortalSettings
    oidc: OidcClient
    store: SessionStore
    sign_in: SignInFlow
    places: PlaceNames
    intake: ServiceApi
    supervision: ServiceApi
    training: ServiceApi
    reporting: ServiceApi
