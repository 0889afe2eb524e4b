"""Generate tests/data/intake/repeat_pairs.jsonl: labelled pairs of petition records, same matter or not.

Run from the repository root: `.venv/bin/python tests/data/intake/make_repeat_pairs.py`. The output is fixed by
the seeds below. The dev split only ever sees the first two thirds of every phrase list and of the number
styles; the test split draws from whole lists, so its wordings are partly new to an engine tuned on dev.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUT = Path(__file__).with_name("repeat_pairs.jsonl")
SPLITS = {"dev": (20250601, 360), "test": (20251101, 360)}

GIVEN = ["建国", "秀英", "国平", "海燕", "立新", "志强", "美华", "卫东", "桂芳", "金龙", "小红", "德明", "爱娟", "永康", "雪芬", "伟军", "建华", "丽萍", "根土", "菊仙"]
SURNAMES = ["张", "王", "李", "陈", "胡", "葛", "叶", "应", "周", "杨", "林", "徐", "童", "俞", "孙", "严"]
FIRMS = ["恒达", "金鑫", "宏远", "东海", "华丰", "鑫源", "强盛", "永兴", "天成", "利民", "海通", "明辉"]
PROJECTS = [
    "39省道拓宽工程",
    "甬台温高速复线",
    "宁海湾工业园区二期",
    "三门湾大道",
    "县城污水管网工程",
    "西店新城安置小区",
    "站前路延伸工程",
]
PLOTS = [
    "后山脚",
    "村东头溪滩",
    "大塘边",
    "牛角湾",
    "老祠堂后面",
    "水库下面",
    "村口晒场旁",
    "茶山坡",
    "桥头田畈",
]


class Phrases:
    """Draws a wording; the dev split is limited to the first two thirds of every list."""

    def __init__(self, rng: random.Random, split: str) -> None:
        self.rng, self.split = rng, split

    def pick(self, options: list):
        if self.split == "dev":
            options = options[: max(1, math.ceil(len(options) * 2 / 3))]
        return self.rng.choice(options)


def cn_number(n: int) -> str:
    """12000 -> 一万二千 (as people write amounts out)."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def section(v: int) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = v // unit % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + name
                zero = False
            else:
                zero = bool(out)
        return out

    high, low = divmod(n, 10_000)
    text = (section(high) + "万" if high else "") + (
        ("零" if high and low < 1000 else "") + section(low) if low else ""
    )
    return text[1:] if text.startswith("一十") else text


def money(p: Phrases, value: int, register: str) -> str:
    styles = {
        "formal": [f"{value}元", f"{value:,}元", f"人民币{value}元", f"{cn_number(value)}元"],
        "record": [f"{value}元", f"{value / 10_000:g}万元", f"{cn_number(value)}元"],
        "colloq": [
            f"{cn_number(value)}块",
            f"{value}块钱",
            f"{cn_number(value)}块钱",
            f"{value / 10_000:g}万块",
        ],
    }[register]
    if value % 1000 == 0 and value >= 10_000:
        styles = [*styles, f"{cn_number(value)}元整" if register == "formal" else f"{value / 10000:g}万元"]
    return p.pick(styles)


def mu(p: Phrases, area: float) -> str:
    whole = int(area)
    options = [f"{area:g}亩"]
    if whole:
        options.append(f"{cn_number(whole)}亩" + ("半" if area != whole else ""))
    return p.pick([*options, f"{area:g}亩"])


def year(p: Phrases, y: int, received: date, register: str) -> str:
    options = [f"{y}年", "".join("〇一二三四五六七八九"[int(c)] for c in str(y)) + "年"]
    relative = {0: "今年", 1: "去年", 2: "前年"}.get(received.year - y)
    if register != "formal" and relative:
        options += [relative, relative]
    return p.pick(options)


@dataclass(frozen=True)
class Person:
    surname: str
    given: str

    def ref(self, p: Phrases, register: str) -> str:
        forms = {
            "formal": [self.surname + self.given, self.surname + self.given, self.surname + "某某"],
            "record": [
                self.surname + "某某",
                self.surname + "某",
                self.surname + "XX",
                self.surname + self.given,
            ],
            "colloq": [
                "老" + self.surname,
                self.surname + "师傅",
                self.surname + "某",
                "姓" + self.surname + "的",
            ],
        }[register]
        return p.pick(forms)


@dataclass(frozen=True)
class Matter:
    """One petition matter: the slots that identify it, rendered in many wordings."""

    category: str
    subtype: str
    township: str
    village: str
    petitioner: Person
    other: Person
    amount: int
    area: float
    year: int
    month: int
    place_detail: str  # plot, factory, employer or project
    extra: str  # second identifying detail (project, case number, programme)
    count: int


def sample_matter(rng: random.Random, village: tuple[str, str], category: str) -> Matter:
    township, village_name = village
    person = lambda: Person(rng.choice(SURNAMES), rng.choice(GIVEN))  # noqa: E731
    subtype = rng.choice(SUBTYPES[category])
    low, high, step = AMOUNTS[subtype]
    amount = rng.randrange(low // step, high // step + 1) * step
    when = rng.randrange(2019, 2026)
    detail, extra = rng.choice(PLOTS), rng.choice(PROJECTS)
    if category in ("labour", "finance", "environment"):
        detail = rng.choice(FIRMS) + rng.choice(
            ["模具厂", "文具有限公司", "建筑工程队", "灯具厂", "汽配公司", "投资咨询公司", "塑料厂"]
        )
    if category == "law":
        extra = f"（{rng.randrange(2018, when + 1)}）浙0226民初{rng.randrange(100, 9999)}号"
    return Matter(
        category=category,
        subtype=subtype,
        township=township,
        village=village_name,
        petitioner=person(),
        other=person(),
        amount=amount,
        area=rng.randrange(1, 16) / 2,
        year=when,
        month=rng.randrange(1, 13),
        place_detail=detail,
        extra=extra,
        count=rng.randrange(3, 30),
    )


def mutate(rng: random.Random, m: Matter) -> tuple[Matter, list[str]]:
    """A different matter of the same village and topic: one or two identifying slots change, maybe the people."""
    identifying = sorted(set(" ".join(SLOTS[m.subtype]).split()) - {"other", "count"})
    changed = rng.sample(identifying, rng.choice([1, 1, 2]))
    changed += [slot for slot in ("petitioner", "other") if rng.random() < 0.4]
    new = m
    for slot in changed:
        fresh = sample_matter(rng, (m.township, m.village), m.category)
        while getattr(fresh, slot) == getattr(m, slot):
            fresh = sample_matter(rng, (m.township, m.village), m.category)
        new = replace(new, **{slot: getattr(fresh, slot)})
    return new, changed


# Realistic sums per subtype (low, high, step): a monthly 低保 is hundreds, a land compensation tens of thousands.
AMOUNTS = {
    "compensation": (20_000, 400_000, 1000),
    "resettlement": (10_000, 200_000, 1000),
    "wages": (3_000, 90_000, 500),
    "loan": (10_000, 300_000, 1000),
    "investment": (20_000, 500_000, 5000),
    "transfer_fee": (5_000, 120_000, 1000),
    "subsistence": (400, 1_500, 50),
    "election": (200, 3_000, 100),
    "wastewater": (3_000, 150_000, 1000),
    "dust_noise": (1_000, 20_000, 1000),
    "enforcement": (10_000, 400_000, 500),
    "embezzlement": (10_000, 600_000, 1000),
}

SUBTYPES = {
    "land": ["compensation", "resettlement"],
    "labour": ["wages"],
    "finance": ["loan", "investment"],
    "village_affairs": ["transfer_fee", "subsistence", "election"],
    "environment": ["wastewater", "dust_noise"],
    "law": ["enforcement"],
    "misconduct": ["embezzlement"],
}


# The slots each clause of a subtype pins down, in the order `clauses` returns them.
SLOTS = {
    "compensation": ["area year extra place_detail", "amount", "other"],
    "resettlement": ["year extra", "area", "amount", "place_detail"],
    "wages": ["place_detail year", "other", "amount", "count"],
    "loan": ["year other", "amount", "place_detail", "other"],
    "investment": ["place_detail year", "amount", "count", "other"],
    "transfer_fee": ["area place_detail", "amount", "year", "other"],
    "subsistence": ["other", "year", "amount", "count"],
    "election": ["year", "other", "amount", "place_detail"],
    "wastewater": ["place_detail", "year", "amount", "other"],
    "dust_noise": ["place_detail", "year", "count", "other"],
    "enforcement": ["extra", "other amount", "year"],
    "embezzlement": ["other", "year extra", "amount", "place_detail"],
}


def clauses(p: Phrases, m: Matter, reg: str, received: date) -> list[tuple[str, str]]:
    """The facts of the matter as (slot, clause) in one register; the slot names what the clause pins down."""
    y = year(p, m.year, received, reg)
    amt = money(p, m.amount, reg)
    other = m.other.ref(p, reg)
    me = {"formal": "我家", "record": "其家", "colloq": "他家"}[reg]
    match m.subtype:
        case "compensation":
            return [
                (
                    "area year extra place_detail",
                    p.pick(
                        [
                            f"{y}因{m.extra}建设，{me}位于{m.place_detail}的{mu(p, m.area)}承包地被征用",
                            f"{me}在{m.place_detail}有{mu(p, m.area)}承包地，{y}被{m.extra}征掉了",
                            f"{y}{m.extra}征地时把{me}{m.place_detail}那块{mu(p, m.area)}田一起征了",
                            f"{m.extra}项目{y}征收了{me}{m.place_detail}的承包地共{mu(p, m.area)}",
                        ]
                    ),
                ),
                (
                    "amount",
                    p.pick(
                        [
                            f"按标准应得征地补偿款{amt}，至今分文未得",
                            f"补偿款{amt}到现在还没有发到手",
                            f"说好的{amt}补偿一直拖着不给",
                            f"征地补偿{amt}被村里压着不发",
                        ]
                    ),
                ),
                (
                    "other",
                    p.pick(
                        [
                            f"村会计{other}说钱还没拨下来",
                            f"找过村主任{other}，一直推说镇里没给",
                            f"经办人{other}让等通知",
                        ]
                    ),
                ),
            ]
        case "resettlement":
            m2 = 60 + int(m.area * 20)
            return [
                (
                    "year extra",
                    p.pick(
                        [
                            f"{y}{me}老房子因{m.extra}拆迁",
                            f"{me}的房子{y}被{m.extra}拆了",
                            f"{y}签了{m.extra}拆迁协议",
                        ]
                    ),
                ),
                (
                    "area",
                    p.pick([f"原房屋面积{m2}平方米", f"老房子有{m2}平米", f"{cn_number(m2)}平方的房子"]),
                ),
                (
                    "amount",
                    p.pick(
                        [f"协议约定的过渡费{amt}没有付清", f"还有{amt}安置补偿没到账", f"拆迁款差了{amt}"]
                    ),
                ),
                (
                    "place_detail",
                    p.pick(
                        [
                            f"安置房说好在{m.place_detail}建，到现在没交房",
                            f"答应在{m.place_detail}安置，地基都没打",
                            f"{m.place_detail}的安置房一拖再拖",
                        ]
                    ),
                ),
            ]
        case "wages":
            return [
                (
                    "place_detail year",
                    p.pick(
                        [
                            f"{y}{m.month}月起在{m.place_detail}打工",
                            f"{y}在{m.place_detail}做了大半年",
                            f"{y}在{m.place_detail}上班",
                            f"{y}给{m.place_detail}干活",
                        ]
                    ),
                ),
                (
                    "other",
                    p.pick(
                        [
                            f"老板{other}拖欠工资不付",
                            f"{m.place_detail}老板{other}一直拖着工钱",
                            f"负责人{other}跑路了，电话不接",
                        ]
                    ),
                ),
                (
                    "amount",
                    p.pick(
                        [f"共计拖欠{amt}", f"工资{amt}至今没拿到", f"欠了{amt}工钱", f"被拖欠的工资有{amt}"]
                    ),
                ),
                (
                    "count",
                    p.pick(
                        [
                            f"同样被欠薪的工友还有{m.count}人",
                            f"一起干活的{m.count}个人都没拿到钱",
                            f"{m.count}名农民工都被欠",
                        ]
                    ),
                ),
            ]
        case "loan":
            return [
                (
                    "year other",
                    p.pick(
                        [
                            f"{y}{m.month}月借给同村{other}",
                            f"{y}{other}向{me}借钱",
                            f"{other}在{y}找{me}借了钱",
                        ]
                    ),
                ),
                ("amount", p.pick([f"借款{amt}，写了借条", f"共{amt}，有借条为证", f"一共{amt}"])),
                (
                    "place_detail",
                    p.pick(
                        [
                            f"说是投到{m.place_detail}周转",
                            f"讲是给{m.place_detail}进原料用的",
                            f"用于{m.place_detail}经营",
                        ]
                    ),
                ),
                (
                    "other",
                    p.pick(
                        [
                            f"到期后{other}一直不还，现在人也找不到",
                            f"{other}躲着不见",
                            f"催了好几次{other}都说没钱",
                        ]
                    ),
                ),
            ]
        case "investment":
            return [
                (
                    "place_detail year",
                    p.pick(
                        [
                            f"{y}在{m.place_detail}买了理财",
                            f"{y}经人介绍把钱投进{m.place_detail}",
                            f"{m.place_detail}{y}拉村民集资",
                        ]
                    ),
                ),
                ("amount", p.pick([f"本金{amt}", f"投了{amt}", f"{amt}本钱"])),
                (
                    "count",
                    p.pick([f"村里{m.count}户人家都投了", f"受害群众有{m.count}户", f"一共{m.count}家"]),
                ),
                (
                    "other",
                    p.pick(
                        [f"负责人{other}已经联系不上", f"{other}说公司资金链断了", f"业务员{other}不接电话"]
                    ),
                ),
            ]
        case "transfer_fee":
            return [
                (
                    "area place_detail",
                    p.pick(
                        [
                            f"村里把{m.place_detail}{mu(p, m.area)}集体土地流转出去",
                            f"{m.place_detail}那{mu(p, m.area)}地流转给了外地老板",
                            f"村集体{m.place_detail}的{mu(p, m.area)}土地流转",
                        ]
                    ),
                ),
                ("amount", p.pick([f"每年流转费{amt}", f"一年租金{amt}", f"流转费一年有{amt}"])),
                ("year", p.pick([f"从{y}起账目从未公开", f"{y}以来村务不公开", f"{y}开始这笔钱去向不明"])),
                (
                    "other",
                    p.pick(
                        [
                            f"村支书{other}说不清钱去了哪里",
                            f"村会计{other}拒绝给村民看账",
                            f"问{other}，他说上交了",
                        ]
                    ),
                ),
            ]
        case "subsistence":
            return [
                (
                    "other",
                    p.pick(
                        [
                            f"村干部{other}的亲戚不符合条件却享受低保",
                            f"{other}家有车有房还吃低保",
                            f"{other}的低保是托关系办的",
                        ]
                    ),
                ),
                (
                    "year",
                    p.pick([f"{y}评定低保时没有张榜公示", f"{y}低保评议走过场", f"{y}的低保名单没公开"]),
                ),
                ("amount", p.pick([f"每月领{amt}", f"一个月领{amt}", f"每个月拿{amt}"])),
                (
                    "count",
                    p.pick(
                        [
                            f"{me}{m.count}口人困难却评不上",
                            f"{me}申请了{cn_number(m.count)}次都没批",
                            f"{me}是困难户，申请{m.count}次",
                        ]
                    ),
                ),
            ]
        case "election":
            return [
                ("year", p.pick([f"{y}村委会换届选举中", f"{y}村里换届", f"{y}选举时"])),
                (
                    "other",
                    p.pick([f"候选人{other}拉票贿选", f"{other}挨家挨户送东西拉票", f"{other}花钱买票"]),
                ),
                ("amount", p.pick([f"每户送购物卡{amt}", f"一票给{amt}", f"总共花了{amt}"])),
                (
                    "place_detail",
                    p.pick(
                        [
                            f"投票点设在{m.place_detail}，没有人监督",
                            f"在{m.place_detail}发的钱",
                            f"{m.place_detail}那边的票箱有问题",
                        ]
                    ),
                ),
            ]
        case "wastewater":
            return [
                (
                    "place_detail",
                    p.pick(
                        [
                            f"村边的{m.place_detail}长期偷排废水",
                            f"{m.place_detail}把废水直接排进溪里",
                            f"{m.place_detail}夜里往河里排污水",
                        ]
                    ),
                ),
                ("year", p.pick([f"从{y}{m.month}月开始", f"{y}以来", f"{y}起一直这样"])),
                (
                    "amount",
                    p.pick([f"{me}鱼塘的鱼死了，损失{amt}", f"养的鱼全死了，损失有{amt}", f"损失{amt}"]),
                ),
                (
                    "other",
                    p.pick([f"厂里管事的{other}不理睬", f"找{other}理论被赶出来", f"厂长{other}说有环评"]),
                ),
            ]
        case "dust_noise":
            return [
                (
                    "place_detail",
                    p.pick(
                        [
                            f"村口的{m.place_detail}粉尘和噪音扰民",
                            f"{m.place_detail}晚上开工噪音很大",
                            f"{m.place_detail}灰尘大，晒的衣服都是黑的",
                        ]
                    ),
                ),
                ("year", p.pick([f"{y}{m.month}月开办以来", f"{y}开始", f"{y}建厂后"])),
                (
                    "count",
                    p.pick(
                        [
                            f"周边{m.count}户村民深受其害",
                            f"附近{m.count}户人家睡不好觉",
                            f"{m.count}户都受影响",
                        ]
                    ),
                ),
                (
                    "other",
                    p.pick([f"老板{other}答应整改没有下文", f"{other}说手续齐全", f"跟{other}说了没用"]),
                ),
            ]
        case "enforcement":
            return [
                ("extra", p.pick([f"{m.extra}民事判决", f"法院{m.extra}判决书", f"案号{m.extra}"])),
                (
                    "other amount",
                    p.pick([f"判决{other}支付{me}{amt}", f"判{other}还钱{amt}", f"被告{other}应付款项{amt}"]),
                ),
                (
                    "year",
                    p.pick(
                        [
                            f"{y}申请强制执行至今未执行到位",
                            f"{y}判决生效后对方一直不履行",
                            f"{y}就申请执行了，到现在一分没拿到",
                        ]
                    ),
                ),
            ]
        case _:  # embezzlement
            return [
                ("other", p.pick([f"村会计{other}", f"村主任{other}", f"原村支书{other}"])),
                ("year extra", p.pick([f"在{y}{m.extra}中", f"{y}借{m.extra}之机", f"{y}搞{m.extra}时"])),
                ("amount", p.pick([f"虚报冒领补助资金{amt}", f"侵占集体资金{amt}", f"套取补偿款{amt}"])),
                (
                    "place_detail",
                    p.pick(
                        [
                            f"把{m.place_detail}的荒地报成耕地",
                            f"多报了{m.place_detail}的青苗",
                            f"{m.place_detail}根本没有施工",
                        ]
                    ),
                ),
            ]


ASKS = {
    "formal": ["恳请领导重视，尽快帮助解决", "请求有关部门依法处理", "望领导主持公道", "请政府为我们做主"],
    "record": ["要求尽快解决", "要求有关部门调查处理", "要求给予答复", "诉求依法处理"],
    "colloq": ["希望快点处理", "让政府管一管", "问什么时候能解决", "要个说法"],
}


def render(p: Phrases, m: Matter, channel: str, received: date, *, keep: set[str], repeat_note: bool) -> str:
    """One record of the matter as a clerk or petitioner would write it in that channel."""
    reg = {"letter": "formal", "mailbox": "formal", "visit": "record", "online": "formal", "phone": "colloq"}[
        channel
    ]
    parts = clauses(p, m, reg, received)
    assert [slot for slot, _ in parts] == SLOTS[m.subtype], m.subtype
    # Short channels leave out what was not asked; the slots in `keep` must be said (they tell matters apart).
    if channel in ("phone", "online"):
        parts = parts[:1] + [c for c in parts[1:] if set(c[0].split()) & keep or p.rng.random() < 0.55]
    head, tail = parts[:1], parts[1:]
    p.rng.shuffle(tail)
    body = "，".join(c for _, c in head + tail)
    ask = p.pick(ASKS[reg])
    v_short = m.village.removesuffix("村")
    name = m.petitioner.ref(p, reg)
    again = (
        p.pick(
            [
                "此事之前已反映过，至今未解决，现再次反映。",
                "之前来过一次，没有结果。",
                "这个事情反映过好几次了。",
            ]
        )
        if repeat_note
        else ""
    )
    frames = {
        "letter": [
            f"尊敬的领导：\n您好！我是{m.township}{m.village}村民{name}，{again}{body}。{ask}。\n此致\n敬礼！",
            f"尊敬的县信访局领导：\n{again}本人{name}，系{m.village}村民。现将有关情况反映如下：{body}。{ask}。",
            f"致{m.township}党委政府：我是{m.village}的{name}，{again}{body}，{ask}，谢谢！",
        ],
        "mailbox": [
            f"县长您好：我是{m.township}{m.village}村民，{again}{body}。{ask}。",
            f"领导信箱：{m.village}村民{name}反映，{again}{body}，{ask}。",
            f"书记您好，{again}我们是{m.village}的，{body}。{ask}！",
        ],
        "visit": [
            f"来访人{name}（{m.village}村民）称：{again}{body}。{ask}。",
            f"{m.village}村民{name}来访，反映{again}{body}。{ask}。",
            f"{name}到镇信访办来访，{again}称{body}，{ask}。",
            f"接待记录：{m.township}{m.village}{name}，{again}{body}。来访人{ask}。",
        ],
        "phone": [
            f"电话反映：{v_short}的{name}说{again}{body}，{ask}。",
            f"来电人{name}，{m.village}的，{again}{body}。{ask}",
            f"{m.village}{name}打电话来，{again}讲{body}，{ask}",
            f"热线来电：{again}{body}（{v_short}）。{ask}。",
        ],
        "online": [
            f"网民留言：本人是{m.township}{m.village}村民，{again}{body}。{ask}！",
            f"网上信访：{m.village}村民{name}反映{again}{body}，{ask}。",
            f"【{m.village}】{again}{body}，{ask}。",
        ],
    }
    return p.pick(frames[channel])


PAIR_KINDS = [
    ("paraphrase_letter_visit", "letter", "visit"),
    ("paraphrase_letter_phone", "letter", "phone"),
    ("paraphrase_visit_phone", "visit", "phone"),
    ("paraphrase_online_visit", "online", "visit"),
    ("paraphrase_mailbox_letter", "mailbox", "letter"),
    ("resubmission_same_channel", None, None),
]
CHANNELS = ["letter", "visit", "phone", "online", "mailbox"]


def record(
    p: Phrases, m: Matter, channel: str, received: date, keep: set[str], repeat_note: bool = False
) -> dict:
    village = m.village if channel != "phone" or p.rng.random() < 0.8 else None
    return {
        "content": render(p, m, channel, received, keep=keep, repeat_note=repeat_note),
        "channel": channel,
        "village": village,
        "category": m.category,
        "received_on": received.isoformat(),
    }


def make_pair(
    rng: random.Random, p: Phrases, villages: list[tuple[str, str]], index: int, split: str
) -> dict:
    category = rng.choice(list(SUBTYPES))
    m = sample_matter(rng, rng.choice(villages), category)
    first = date(2024, 6, 1) + timedelta(days=rng.randrange(0, 540))
    later = first + timedelta(days=rng.randrange(5, 240))
    roll = rng.random()
    if roll < 0.5:
        kind, ca, cb = rng.choice(PAIR_KINDS)
        if ca is None:
            ca = cb = rng.choice(CHANNELS)
        a = record(p, m, ca, first, keep=set())
        b = record(p, m, cb, later, keep=set(), repeat_note=rng.random() < 0.5)
        if rng.random() < 0.08:
            b["category"] = rng.choice([c for c in SUBTYPES if c != category])  # the clerk filed it elsewhere
        same = True
    elif roll < 0.85:
        kind, same = "hard_negative_same_village_topic", False
        other, changed = mutate(rng, m)
        keep = set(changed)
        ca, cb = rng.choice(CHANNELS), rng.choice(CHANNELS)
        a = record(p, m, ca, first, keep=keep)
        b = record(p, other, cb, later, keep=keep)
    else:
        kind, same = "easy_negative", False
        other = sample_matter(rng, rng.choice(villages), rng.choice(list(SUBTYPES)))
        a = record(p, m, rng.choice(CHANNELS), first, keep=set())
        b = record(p, other, rng.choice(CHANNELS), later, keep=set())
    if rng.random() < 0.5:
        a, b = b, a
    return {"id": f"{split}-{index:04d}", "split": split, "a": a, "b": b, "same": same, "kind": kind}


def village_list() -> list[tuple[str, str]]:
    seed = json.loads((ROOT / "deploy/seed/ninghai.json").read_text(encoding="utf-8"))
    return [
        (t["name"], v["name"]) for t in seed["townships"] for v in t["villages"] if v["name"].endswith("村")
    ]


def main() -> None:
    villages = village_list()
    lines = []
    for split, (seed, count) in SPLITS.items():
        rng = random.Random(seed)
        phrases = Phrases(rng, split)
        lines += [
            json.dumps(make_pair(rng, phrases, villages, i, split), ensure_ascii=False) for i in range(count)
        ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} pairs to {OUT}")


if __name__ == "__main__":
    main()
