"""A reproducible generator of Chinese petitions for the demo county (宁海县): same seed, same petitions."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SEED_FILE = Path(__file__).resolve().parents[1] / "deploy" / "seed" / "ninghai.json"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华国庆海燕志强永福春花德胜玉兰金凤小红晓东建国"

# category -> (kind, templates); {v} village, {n} a name, {amt} money, {area} mu, {year}, {org} an employer
TEMPLATES: dict[str, tuple[str, list[str]]] = {
    "land": (
        "claim",
        [
            "{v}村民{n}反映：{year}年村里征用其承包地{area}亩，征地补偿款{amt}元至今未足额发放，请求尽快兑现。",
            "来访人{n}称，{v}修建道路占用其家{area}亩耕地，补偿标准不统一，要求按{year}年政策重新核算。",
            "{n}来信：宅基地审批申请自{year}年提交至今没有答复，{v}村委会推诿，请求镇里督促办理。",
        ],
    ),
    "labour": (
        "claim",
        [
            "{n}等人反映在{org}务工，被拖欠工资{amt}元，老板失联，请求帮助讨薪。",
            "电话反映：{v}村民{n}在{org}工地干活{year}年结算时少给{amt}元，多次讨要无果。",
        ],
    ),
    "village_affairs": (
        "suggestion",
        [
            "{v}村民{n}反映村务公开不及时，{year}年集体土地流转收入{amt}元去向不明，要求公开账目。",
            "{n}建议{v}尽快修复村口水塘护栏，{year}年已有孩子落水险情。",
        ],
    ),
    "environment": (
        "claim",
        [
            "{v}村民{n}反映村旁{org}夜间排放废气，气味刺鼻，影响周边{area}亩农田，请求查处。",
            "来电：{v}附近养殖场污水直排溪里，{year}年以来多次反映未见整改。",
        ],
    ),
    "finance": (
        "claim",
        [
            "{n}反映{year}年借给{org}的{amt}元集资款到期未还，请求政府协调。",
        ],
    ),
    "misconduct": (
        "accusation",
        [
            "{n}来信举报{v}村干部在{year}年低保评定中优亲厚友，涉及金额约{amt}元。",
        ],
    ),
    "law": (
        "claim",
        [
            "{n}对{year}年法院关于{amt}元借款纠纷的判决执行不满意，请求协调执行。",
        ],
    ),
}
ORGS = ["宁海某建筑公司", "西店某模具厂", "某文具厂", "某食品公司", "某塑料制品厂", "某物流公司"]


@dataclass(frozen=True)
class Place:
    township: str
    village: str
    village_name: str


def places() -> list[Place]:
    county = json.loads(SEED_FILE.read_text())
    return [Place(t["slug"], v["slug"], v["name"]) for t in county["townships"] for v in t["villages"]]


def id_number(rng: random.Random) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = f"330226{rng.randint(1940, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}"


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class PetitionGenerator:
    def __init__(self, seed: int = 20261125, township: str | None = None) -> None:
        self.rng = random.Random(seed)
        all_places = places()
        self.places = [p for p in all_places if township is None or p.township == township]

    def content(self, category: str, place: Place, person: str) -> str:
        _kind, templates = TEMPLATES[category]
        r = self.rng
        return r.choice(templates).format(
            v=place.village_name,
            n=person,
            amt=r.randrange(2000, 300000, 500),
            area=r.randint(1, 30),
            year=r.randint(2015, 2026),
            org=r.choice(ORGS),
        )

    def petition(self) -> dict[str, Any]:
        """A registration body for POST /petitions (its township is `township`)."""
        r = self.rng
        place = r.choice(self.places)
        category = r.choice(list(TEMPLATES))
        people = [
            {"name": name(r), "id_number": id_number(r), "phone": mobile(r)}
            for _ in range(r.choice((1, 1, 2)))
        ]
        people[0]["is_representative"] = True
        return {
            "channel": r.choice(["letter", "visit", "phone", "online", "mailbox"]),
            "category": category,
            "kind": TEMPLATES[category][0],
            "content": self.content(category, place, people[0]["name"]),
            "received_on": (date(2026, 11, 24) - timedelta(days=r.randint(0, 300))).isoformat(),
            "township": place.township,
            "village": place.village,
            "petitioners": people,
        }
