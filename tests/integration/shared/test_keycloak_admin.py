"""KeycloakDirectory against the real realm: users it provisions sign in and carry the right claims."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from keycloak import KeycloakAdmin, KeycloakOpenID
from keycloak.exceptions import KeycloakError

from deploy.launcher.config import StackSettings
from shared.auth import Role, TokenRejected, TokenVerifier
from shared.auth.admin import KeycloakDirectory
from shared.settings import KeycloakSettings
from shared.tenancy import Scope, tenant_id_for, village_id_for

PASSWORD = "Test-Passw0rd-信访"


@pytest.fixture(scope="module")
def realm(stack: StackSettings) -> KeycloakSettings:
    return KeycloakSettings(url=stack.keycloak_url)


@pytest.fixture(scope="module")
async def directory(
    realm: KeycloakSettings, stack_secrets: dict[str, str]
) -> AsyncIterator[KeycloakDirectory]:
    found = KeycloakDirectory(realm, stack_secrets["admin_client"])
    yield found
    await found.close()


@pytest.fixture
async def new_username(
    stack: StackSettings, stack_secrets: dict[str, str]
) -> AsyncIterator[Callable[[], str]]:
    """Unique usernames; every user made under them is deleted afterwards by the master admin."""
    made: list[str] = []

    def make() -> str:
        made.append(f"test-{uuid.uuid4().hex[:10]}")
        return made[-1]

    yield make
    cleaner = KeycloakAdmin(
        server_url=stack.keycloak_url,
        username="admin",
        password=stack_secrets["keycloak_admin"],
        realm_name="xinfang",
        user_realm_name="master",
    )
    for username in made:
        if user_id := await cleaner.a_get_user_id(username):
            await cleaner.a_delete_user(user_id)


async def _sign_in(cli: KeycloakOpenID, username: str) -> str:
    return (await cli.a_token(username, PASSWORD))["access_token"]


async def test_provisioned_liaison_signs_in_with_township_village_and_role(
    directory, new_username, keycloak_cli, realm
) -> None:
    username = new_username()
    await directory.create_user(
        username,
        family_name="欧阳",
        given_name="春花",
        township="dajiahe",
        village="zhangjiaxi",
        roles=[Role.village_liaison],
        password=PASSWORD,
        temporary=False,
    )
    principal = await TokenVerifier(realm).verify(await _sign_in(keycloak_cli, username))
    assert principal.display_name == "欧阳春花"
    assert principal.roles == {Role.village_liaison}
    assert principal.scope is Scope.village
    assert principal.tenant_id == tenant_id_for("dajiahe")
    assert principal.village_id == village_id_for("dajiahe", "zhangjiaxi")


async def test_creating_the_same_username_again_returns_the_same_user_brought_up_to_date(
    directory, new_username
) -> None:
    username = new_username()
    first = await directory.create_user(
        username, family_name="李", given_name="明", township="dajiahe", roles=[Role.township_clerk]
    )
    again = await directory.create_user(
        username, family_name="李", given_name="明", township="changjie", roles=[Role.trainer]
    )
    assert again == first
    user = await directory.get_user(username)
    assert user is not None
    assert user.township == "changjie"
    assert user.roles == {Role.township_clerk, Role.trainer}


async def test_moving_a_user_keeps_their_name_and_drops_the_old_village(
    directory, new_username, keycloak_cli, realm
) -> None:
    username = new_username()
    user_id = await directory.create_user(
        username,
        family_name="张",
        given_name="三",
        township="dajiahe",
        village="zhangjiaxi",
        roles=[Role.village_liaison],
        password=PASSWORD,
        temporary=False,
    )
    await directory.set_attributes(user_id, "changjie")
    await directory.assign_roles(user_id, [Role.township_clerk])
    user = await directory.get_user(username)
    assert user is not None
    assert (user.family_name, user.given_name, user.township, user.village) == ("张", "三", "changjie", None)
    # Still a liaison, now with no village: the token is refused rather than widened to the township.
    token = await _sign_in(keycloak_cli, username)
    with pytest.raises(TokenRejected, match="village"):
        await TokenVerifier(realm).verify(token)


async def test_disabled_user_can_no_longer_sign_in(directory, new_username, keycloak_cli) -> None:
    username = new_username()
    user_id = await directory.create_user(
        username,
        family_name="王",
        given_name="五",
        township="xidian",
        roles=[Role.township_leader],
        password=PASSWORD,
        temporary=False,
    )
    await _sign_in(keycloak_cli, username)
    await directory.disable_user(user_id)
    with pytest.raises(KeycloakError):
        await _sign_in(keycloak_cli, username)
    user = await directory.get_user(username)
    assert user is not None and not user.enabled
    assert user.township == "xidian" and user.given_name == "五"  # disabling changed nothing else


async def test_temporary_password_must_be_changed_before_a_token_is_issued(
    directory, new_username, keycloak_cli
) -> None:
    username = new_username()
    await directory.create_user(
        username,
        family_name="赵",
        given_name="六",
        township="xidian",
        roles=[Role.township_clerk],
        password=PASSWORD,
    )
    with pytest.raises(KeycloakError) as refused:
        await _sign_in(keycloak_cli, username)
    assert b"not fully set up" in refused.value.response_body


async def test_unknown_username_is_none(directory) -> None:
    assert await directory.get_user(f"nobody-{uuid.uuid4().hex[:10]}") is None
