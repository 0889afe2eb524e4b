"""A township named in a query is a slug or a 422 naming it: Litestar would drop a pattern nested in FromQuery."""

from litestar import Litestar, get
from litestar.testing import TestClient

from shared.errors import EXCEPTION_HANDLERS
from shared.fields import SlugQuery


@get("/figures")
async def figures(township: SlugQuery = None) -> str:
    return township or "county"


def test_a_query_slug_is_checked_against_its_pattern() -> None:
    with TestClient(Litestar([figures], exception_handlers=EXCEPTION_HANDLERS)) as client:
        assert client.get("/figures", params={"township": "dajiahe"}).text == "dajiahe"
        assert client.get("/figures").text == "county"
        refused = client.get("/figures", params={"township": "Not A Slug"})
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "township"
