"""What each role may read in reporting: the county's figures (overview, township ranking, trend) and the list
behind each number.

By need (docs/abilities.md): the county office, county leaders and auditors read the whole county; a township's
leader and petition clerk read their own township (row-level security keeps them to it); village liaisons and
trainers have no figures to read.
"""

from __future__ import annotations

from shared.abilities import Ability, ability
from shared.auth.roles import Role

READ_FIGURES = ability(
    "read_figures",
    (Role.county_officer, Role.county_leader, Role.auditor, Role.township_leader, Role.township_clerk),
    "查阅信访统计数据（总览、乡镇排名、趋势）",
    "read the petition figures: overview, township ranking, trend",
)

TABLE: tuple[Ability, ...] = (READ_FIGURES,)
