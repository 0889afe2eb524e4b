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

# Dead letters are the system's own plumbing (docs/reporting.md): the county admin who runs it reads and replays them.
OPERATE_DEAD_LETTERS = ability(
    "operate_dead_letters",
    (Role.county_admin,),
    "查看并重放死信事件",
    "read the dead-lettered events and replay them",
)

# 全程留痕 for those who check it: every township's trail, its copy, its verification and its export. The services'
# own chains (GET /trail/chain on each of them) are guarded by the same ability.
READ_TRAIL = ability("read_trail", (Role.auditor,), "查阅、核验、导出全程留痕记录", "read, verify and export the trail")

# 信息报送: a township's clerk and leader report for their township, the county office for the county (to the city);
# county leaders and auditors read every report.
WRITE_INFORMATION_REPORTS = ability(
    "write_information_reports",
    (Role.township_clerk, Role.township_leader, Role.county_officer),
    "起草、修改、报送信访信息",
    "draft, edit and submit information reports",
)
READ_INFORMATION_REPORTS = ability(
    "read_information_reports",
    (*WRITE_INFORMATION_REPORTS.roles, Role.county_leader, Role.auditor),
    "查阅信访信息报送",
    "read the information reports",
)

TABLE: tuple[Ability, ...] = (READ_FIGURES, OPERATE_DEAD_LETTERS, READ_TRAIL, WRITE_INFORMATION_REPORTS,
                              READ_INFORMATION_REPORTS)  # fmt: skip
