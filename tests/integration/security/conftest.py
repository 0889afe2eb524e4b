"""The intake clients and the signed-in portal client, shared with the intake and portal tests."""

from tests.integration.intake.conftest import as_user, tokens
from tests.integration.portal.conftest import signed_in_client

__all__ = ["as_user", "signed_in_client", "tokens"]
