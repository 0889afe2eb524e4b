"""User provisioning through the Keycloak admin API, as the realm's service account "xinfang-admin"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from keycloak import KeycloakAdmin, KeycloakOpenIDConnection
from keycloak.exceptions import KeycloakPostError

from shared.auth.roles import Role
from shared.settings import KeycloakSettings

ADMIN_CLIENT_ID = "xinfang-admin"
_HTTP_CONFLICT = 409


@dataclass(frozen=True, slots=True)
class DirectoryUser:
    user_id: str
    username: str
    family_name: str | None
    given_name: str | None
    township: str | None
    village: str | None
    roles: frozenset[Role]
    enabled: bool


class KeycloakDirectory:
    """The realm's users as the county admin (系统管理员) manages them: create, give roles, place, disable."""

    def __init__(
        self, settings: KeycloakSettings, client_secret: str, client_id: str = ADMIN_CLIENT_ID
    ) -> None:
        connection = KeycloakOpenIDConnection(
            server_url=settings.url,
            realm_name=settings.realm,
            client_id=client_id,
            client_secret_key=client_secret,
            grant_type="client_credentials",
        )
        self.admin = KeycloakAdmin(connection=connection)

    async def create_user(
        self,
        username: str,
        *,
        family_name: str,
        given_name: str,
        township: str,
        village: str | None = None,
        roles: Iterable[Role] = (),
        password: str | None = None,
        temporary: bool = True,
    ) -> str:
        """Create the user, or bring an existing one with that username to these names, place and roles.

        An existing user's password is left alone: they may have changed it since.
        """
        user_id = await self.admin.a_get_user_id(username)
        if user_id is None:
            user_id = await self._create(
                username, family_name, given_name, township, village, password, temporary
            )
        else:
            await self._update(
                user_id, firstName=given_name, lastName=family_name, attributes=_place(township, village)
            )
        await self.assign_roles(user_id, roles)
        return user_id

    async def assign_roles(self, user_id: str, roles: Iterable[Role]) -> None:
        """Add realm roles; roles the user holds already are kept."""
        wanted = list(dict.fromkeys(roles))
        if wanted:
            representations = [await self.admin.a_get_realm_role(role.value) for role in wanted]
            await self.admin.a_assign_realm_roles(user_id, representations)

    async def set_attributes(self, user_id: str, township: str, village: str | None = None) -> None:
        """Move the user to a township (and village); with no village, any earlier village is removed."""
        await self._update(user_id, attributes=_place(township, village))

    async def get_user(self, username: str) -> DirectoryUser | None:
        user_id = await self.admin.a_get_user_id(username)
        if user_id is None:
            return None
        user = await self.admin.a_get_user(user_id)
        role_names = {r["name"] for r in await self.admin.a_get_realm_roles_of_user(user_id)}
        return _directory_user(user, frozenset(Role(name) for name in role_names if name in set(Role)))

    async def users_holding(self, roles: Iterable[Role]) -> list[DirectoryUser]:
        """Every user holding any of these realm roles (disabled ones too: the caller decides), each with the
        roles of these it holds; one paged call per role, full representations for the attributes."""
        found: dict[str, dict[str, Any]] = {}
        held: dict[str, set[Role]] = {}
        for role in dict.fromkeys(roles):
            for user in await self.admin.a_get_realm_role_members(role.value, {"briefRepresentation": "false"}):
                found[user["id"]] = user
                held.setdefault(user["id"], set()).add(role)
        return [_directory_user(user, frozenset(held[uid])) for uid, user in found.items()]

    async def disable_user(self, user_id: str) -> None:
        """Disable rather than delete, so the trail's references to the user stay resolvable; end open sessions."""
        await self._update(user_id, enabled=False)
        await self.admin.a_user_logout(user_id)

    async def close(self) -> None:
        await self.admin.connection.aclose()

    async def _create(
        self,
        username: str,
        family_name: str,
        given_name: str,
        township: str,
        village: str | None,
        password: str | None,
        temporary: bool,
    ) -> str:
        payload: dict[str, Any] = {
            "username": username,
            "enabled": True,
            "firstName": given_name,
            "lastName": family_name,
            "attributes": _place(township, village),
        }
        if password is not None:
            payload["credentials"] = [{"type": "password", "value": password, "temporary": temporary}]
        try:
            return await self.admin.a_create_user(payload)
        except KeycloakPostError as exc:
            # Another admin created the same username between our lookup and our create.
            if exc.response_code != _HTTP_CONFLICT:
                raise
            user_id = await self.admin.a_get_user_id(username)
            if user_id is None:
                raise
            return user_id

    async def _update(self, user_id: str, **changes: Any) -> None:
        # A PUT that carries `attributes` replaces all of them, first and last name included (they are user-profile
        # attributes; measured on Keycloak 26.7): so read the whole user, change it, and write it all back.
        user = await self.admin.a_get_user(user_id)
        attributes = {**(user.get("attributes") or {}), **changes.pop("attributes", {})}
        user.update(changes, attributes={k: v for k, v in attributes.items() if v})
        await self.admin.a_update_user(user_id, user)


def _directory_user(user: dict[str, Any], roles: frozenset[Role]) -> DirectoryUser:
    attributes = user.get("attributes") or {}
    return DirectoryUser(
        user_id=user["id"],
        username=user["username"],
        family_name=user.get("lastName"),
        given_name=user.get("firstName"),
        township=_first(attributes, "township"),
        village=_first(attributes, "village"),
        roles=roles,
        enabled=bool(user.get("enabled")),
    )


def _place(township: str, village: str | None) -> dict[str, list[str]]:
    # An empty list removes the attribute when the user is written back (see _update).
    return {"township": [township], "village": [village] if village else []}


def _first(attributes: dict[str, list[str]], name: str) -> str | None:
    values = attributes.get(name) or []
    return values[0] if values else None
