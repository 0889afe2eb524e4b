"""/routing-rules: each township's routing (category × kind → responsible unit) and the units to choose from."""

from __future__ import annotations

from litestar import get, put
from litestar.params import JSONBody

from services.supervision.api.deps import Supervision
from services.supervision.service import routing_rules
from services.supervision.service.routing_rules import RoutingRuleIn, TownshipRouting
from shared.abilities import requires
from shared.abilities import supervision as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.fields import SlugQuery


@get(
    "/routing-rules",
    guards=[requires(can.READ_RULES)],
    summary="A township's routing rules and units (分流规则)",
)
async def get_rules(
    principal: CurrentPrincipal, db: Db, township: SlugQuery = None
) -> TownshipRouting:
    return await routing_rules.of_township(db, principal, township)


@put("/routing-rules", guards=[requires(can.KEEP_RULES)], summary="Set one routing rule of a township")
async def set_rule(
    data: JSONBody[RoutingRuleIn], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> TownshipRouting:
    return await routing_rules.set_rule(db, principal, supervision, data)


ROUTES = [get_rules, set_rule]
