"""Petition text normalisation: Chinese numerals, units, 某 placeholders, place names, tokens and facts."""

from __future__ import annotations

import logging
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import jieba
import jieba.posseg

# Words of petition work that jieba's general dictionary splits apart; whole, they carry the topic.
DOMAIN_TERMS: tuple[str, ...] = tuple(
    ["征地补偿", "征地补偿款", "拆迁安置", "安置房", "拆迁补偿", "土地流转", "土地流转费", "承包地", "宅基地", "青苗补偿", "青苗费", "拖欠工资", "欠薪", "农民工", "包工头", "劳动合同", "社保", "养老保险", "医保", "低保", "低保户", "五保户", "村务公开", "财务公开", "村集体", "集体资金", "村委会", "村支书", "村主任", "村会计", "换届选举", "贿选", "非法集资", "民间借贷", "理财", "执行款", "判决书", "强制执行", "废水", "偷排", "粉尘", "噪音", "异味", "养殖场", "挪用", "侵占", "虚报冒领", "危房改造", "违章建筑"]
)

# Filler of petition records: greetings, channel words and boilerplate that say nothing about the matter.
STOP_WORDS: frozenset[str] = frozenset(
    ["您好", "你好", "请问", "反映", "反应", "来信", "来访", "电话", "来电", "来电人", "来访人", "信访人", "网上", "网民", "留言", "信箱", "领导信箱", "关于", "情况", "问题", "尊敬", "领导", "尊敬的", "此致", "敬礼", "谢谢", "感谢", "特此", "恳请", "请求", "请", "希望", "要求", "诉求", "帮助", "帮忙", "解决", "处理", "落实", "尽快", "及时", "称", "说", "讲", "告诉", "表示", "提出", "一下", "一直", "已经", "至今", "目前", "现在", "今天", "本人", "我家", "自己", "群众", "同志", "政府", "相关", "有关", "部门", "事情", "事", "这件", "此事", "事项", "再次", "多次", "之前", "以前", "曾经", "记录", "登记", "的", "了", "是", "我", "我们", "他", "他们", "她", "你", "您", "在", "和", "与", "及", "并", "也", "就", "都", "还", "又", "把", "被", "给", "对", "向", "从", "到", "为", "因", "因为", "所以", "但是", "但", "而", "这", "那", "这个", "那个", "一个", "有", "没有", "没", "要", "想", "能", "会", "让", "该", "其", "等", "等等", "啊", "吧", "呢", "吗", "呀", "嘛", "哦", "喂", "嗯", "个", "上", "下", "里", "中", "后", "前", "过", "着", "得", "地", "很", "太", "非常", "严重", "特别", "情况反映", "某", "某某", "人", "一些", "这些", "那些", "什么", "怎么", "如何", "为什么", "可以", "不", "不能", "不是", "是否", "给予", "予以", "进行", "具体", "主要", "至", "于", "以", "之", "所"]
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵严覃武戴莫孔汤葛童应胡俞鲍储娄"
)
_NAME_TITLES = (
    "师傅|大爷|大伯|大妈|大姐|阿姨|老板|书记|支书|主任|村长|会计|经理|老师|医生|队长|组长|厂长|包工头"
)
_NAME_FORM = re.compile(f"(?:[老小][{SURNAMES}])|(?:[{SURNAMES}](?:某|{_NAME_TITLES}))|某")
# Words after which a surname and a word are a person's name: 村民张永康, 本人严志强, 老板李国平.
_NAME_INTRODUCERS = (
    "村民",
    "本人",
    "我叫",
    "叫",
    "名叫",
    "来访人",
    "来电人",
    "信访人",
    "老板",
    "会计",
    "主任",
    "支书",
    "书记",
    "负责人",
    "厂长",
    "经理",
    "候选人",
    "工友",
    "同村",
    "干部",
    "经办人",
    "被告",
    "原告",
    "业务员",
    "管事",
    "系",
    "是",
    "的",
)
_ORGANISATION_SUFFIX = re.compile("有限公司|公司|厂|工程队|合作社|工作室|工程|项目|复线|大道|小区|园区")
# An organisation's name runs back from its suffix to the nearest function word or punctuation.
_NAME_BOUNDARY = set(",.:;!?()[]【】、。，：；！？在给把因被的是了讲说称到从向为对与和及或进搞借年月日映民")
_PLACE_SUFFIX = re.compile(r"(街道|社区|村|镇|乡|县)$")

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_DIGITS.update({"壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9})
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)
_NUMERAL_RUN = re.compile(f"[{_NUMERAL_CHARS}]+(?:点[{''.join(_DIGITS)}]+)?")
# A bare numeral counts only before a measure word: 一直, 一起 and 统一 are not numbers.
_MEASURES = "元块亩年月日号个次人户名间层栋岁天周万千平米分角多余位家棵头"
# Idioms and words whose numeral characters are not quantities.
_NOT_NUMBERS = (
    "十分",
    "万一",
    "一一",
    "千万",
    "三番五次",
    "一五一十",
    "万元户",
    "百姓",
    "千方百计",
    "一把手",
)

_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(万)?(?:多|余)?(?:元|块)")
_AREA = re.compile(r"(\d+(?:\.\d+)?)(亩|㎡)")
_FULL_YEAR = re.compile(r"((?:19|20)\d{2})年")
_SHORT_YEAR_MONTH = re.compile(r"(?<![\d.])(\d{2})年(\d{1,2})月")
_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月")
_CASE_NUMBER = re.compile(r"\((\d{4})\)浙(\d{4})([\u4e00-\u9fff]{1,4}?)(\d+)号")
_RELATIVE_YEARS = {"大前年": 3, "前年": 2, "去年": 1, "今年": 0}
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Facts:
    """The specifics of a matter; two records that disagree on them describe different matters."""

    amounts: tuple[str, ...] = ()  # "12000元"
    areas: tuple[str, ...] = ()  # "3.5亩", "120㎡"
    years: tuple[int, ...] = ()
    months: tuple[str, ...] = ()  # "2025-03"
    case_numbers: tuple[str, ...] = ()  # "2023浙0226民初1234"
    organisations: tuple[
        str, ...
    ] = ()  # firms and projects, place prefixes removed: "恒达模具厂", "甬台温高速复线"
    places: tuple[str, ...] = ()  # place stems: "涨家溪"
    names: tuple[str, ...] = ()  # "张" for 张某/老张/张XX, "张建国" when the full name is written

    def to_json(self) -> dict[str, list]:
        return {k: list(v) for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Iterable]) -> Facts:
        return cls(**{k: tuple(v) for k, v in data.items()})


@dataclass(frozen=True)
class NormalisedText:
    """What the matcher needs of one text: tokens for similarity and facts for agreement."""

    text: str  # the normalised text (numerals as digits, units unified, punctuation kept)
    tokens: list[str] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)


def place_names_from_seed(seed: Mapping) -> list[str]:
    """The county, township and village names of a county seed file (deploy/seed/<county>.json)."""
    names = [seed["county"]["name"]]
    for township in seed["townships"]:
        names.append(township["name"])
        names.extend(village["name"] for village in township["villages"])
    return names


def build_normaliser(place_names: Iterable[str], terms: Iterable[str] = DOMAIN_TERMS) -> Normaliser:
    """Load jieba's dictionary once (about half a second) and teach it the county's places and terms."""
    jieba.setLogLevel(logging.WARNING)  # jieba prints "Building prefix dict" at INFO to stderr otherwise
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = tempfile.gettempdir()  # jieba caches its prefix dictionary there
    tokenizer.initialize()
    places = _place_forms(place_names, tokenizer.FREQ)
    for word in [*places, *terms]:
        tokenizer.add_word(word, freq=100_000)
    # jieba's dictionary tags person names "nr"; posseg reads those tags from the same file.
    name_words = {w for w, tag in jieba.posseg.POSTokenizer(tokenizer).word_tag_tab.items() if tag == "nr"}
    return Normaliser(tokenizer, places, frozenset(name_words))


def _place_forms(place_names: Iterable[str], dictionary: Mapping[str, int]) -> dict[str, str]:
    """Full name and, unless it is an ordinary word (桥头, 梅花), the bare stem, each mapped to the stem."""
    forms: dict[str, str] = {}
    for name in place_names:
        stem = _PLACE_SUFFIX.sub("", name) or name
        forms[name] = stem
        if len(stem) >= 2 and (len(stem) >= 3 or dictionary.get(stem, 0) < 20):
            forms.setdefault(stem, stem)
    return forms


class Normaliser:
    """Turns petition text into tokens and facts; build it with `build_normaliser`."""

    def __init__(
        self, tokenizer: jieba.Tokenizer, places: Mapping[str, str], name_words: frozenset[str]
    ) -> None:
        self._tokenizer = tokenizer
        self._places = dict(places)
        self._name_words = name_words
        alternatives = sorted(self._places, key=len, reverse=True)
        self._place_pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    def normalise(self, content: str, reference_date: date | None = None) -> NormalisedText:
        """规范化: digits for numerals, one unit per quantity, 某 for masked names; then tokens and facts."""
        text, places = self._convert(content, reference_date)
        names = _masked_names(text)
        raw_tokens = _join_split_names(self._tokenizer.lcut(text))
        full_names = {tok for tok in raw_tokens if self._is_full_name(tok)}
        names |= full_names
        # Names are compared as facts; as words, 老张 and 张某 would only look like different people.
        tokens = [
            self._places.get(tok, tok)
            for tok in raw_tokens
            if _is_content_token(tok) and tok not in full_names and not _NAME_FORM.fullmatch(tok)
        ]
        facts = Facts(
            amounts=_amounts(text),
            areas=_areas(text),
            years=tuple(sorted({int(y) for y in _FULL_YEAR.findall(text)})),
            months=tuple(sorted({f"{y}-{int(m):02d}" for y, m in _YEAR_MONTH.findall(text)})),
            case_numbers=tuple(sorted({"".join(m) for m in _CASE_NUMBER.findall(text)})),
            organisations=self._organisations(text),
            places=tuple(sorted(places)),
            names=tuple(sorted(names)),
        )
        return NormalisedText(text=text, tokens=tokens, facts=facts)

    def _convert(self, content: str, reference_date: date | None) -> tuple[str, set[str]]:
        text = unicodedata.normalize("NFKC", content).lower()
        text = re.sub(r"\s+", "", text)
        text = _mask_names(text)
        pieces: list[str] = []
        places: set[str] = set()
        cursor = 0
        # Place names are cut out before numeral conversion so that 一市镇 and 三山村 stay names.
        for match in self._place_pattern.finditer(text) if self._place_pattern else ():
            pieces.append(_convert_quantities(text[cursor : match.start()], reference_date))
            pieces.append(match.group())
            places.add(self._places[match.group()])
            cursor = match.end()
        pieces.append(_convert_quantities(text[cursor:], reference_date))
        return "".join(pieces), places

    def _organisations(self, text: str) -> tuple[str, ...]:
        """Employers, factories and projects, with the county's place names cut from the front."""
        heads = set()
        for name in _organisation_names(text):
            bare = self._place_pattern.sub("", name) if self._place_pattern else name
            bare = bare.removeprefix("县城").removeprefix("县")
            if len(bare) >= 3:
                heads.add(bare)
        return tuple(sorted(heads))

    def _is_full_name(self, token: str) -> bool:
        """A surname and one or two characters that jieba tags as a name or found only by its HMM (张建国)."""
        return (
            2 <= len(token) <= 3
            and token[0] in SURNAMES
            and "某" not in token
            and token not in self._places
            and (token in self._name_words or not self._tokenizer.FREQ.get(token))
            and not _NAME_FORM.fullmatch(token)
            and all("\u4e00" <= ch <= "\u9fff" for ch in token)
        )


def _organisation_names(text: str) -> list[str]:
    names = []
    for suffix in _ORGANISATION_SUFFIX.finditer(text):
        start = suffix.start()
        while start > 0 and suffix.start() - start < 10 and text[start - 1] not in _NAME_BOUNDARY:
            start -= 1
        names.append(text[start : suffix.end()])
    return names


def _join_split_names(tokens: list[str]) -> list[str]:
    """jieba cuts 张永康 into 张 + 永康 when the given name is a word; after 村民, 本人 or a title it is a name."""
    joined: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        previous = joined[-1] if joined else ""
        if (
            len(token) == 1
            and token in SURNAMES
            and 1 <= len(following) <= 2
            and all("\u4e00" <= ch <= "\u9fff" for ch in following)
            and following not in STOP_WORDS
            and (previous in _NAME_INTRODUCERS or previous.endswith(_NAME_INTRODUCERS))
        ):
            joined.append(token + following)
            index += 2
            continue
        joined.append(token)
        index += 1
    return joined


def _mask_names(text: str) -> str:
    """张XX, 张××, 张** and 张某某 all become 张某: the mask is not part of the name."""
    return re.sub(f"([{SURNAMES}])(?:某某|某|xx|x|××|×|\\*\\*|\\*|ⅹⅹ)", r"\1某", text)


def _masked_names(text: str) -> set[str]:
    stems = set(re.findall(f"([{SURNAMES}])某", text))
    stems |= set(re.findall(f"(?:老|小)([{SURNAMES}])(?![{SURNAMES}某])", text))
    stems |= set(re.findall(f"([{SURNAMES}])(?:{_NAME_TITLES})", text))
    stems |= set(re.findall(f"姓([{SURNAMES}])", text))
    return stems


def _is_content_token(token: str) -> bool:
    if token in STOP_WORDS or _PUNCT.fullmatch(token):
        return False
    return not re.fullmatch(r"[\d.]+|[\d.]*(?:元|亩|㎡|年|月|日|号|万)", token)


def _convert_quantities(text: str, reference_date: date | None) -> str:
    text = _NUMERAL_RUN.sub(_numeral_replacement, text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 12,000 -> 12000
    text = re.sub(r"(\d+)(亩|个月|年)半", lambda m: f"{m.group(1)}.5{m.group(2)}", text)
    text = re.sub(r"半亩", "0.5亩", text)
    text = re.sub(r"(?<=\d)(?:块钱|块|元钱|元整|圆)", "元", text)
    text = re.sub(r"人民币(?=\d)", "", text)
    text = re.sub(r"(?<=\d)(?:平方米|平米|平方|m2|m²)", "㎡", text)
    text = re.sub(r"(\d+(?:\.\d+)?)(?:多|余)?万(?:多|余)?(?=元)", lambda m: _scaled(m.group(1), 10_000), text)
    text = re.sub(r"(\d+(?:\.\d+)?)(?:多|余)?千(?:多|余)?(?=元)", lambda m: _scaled(m.group(1), 1_000), text)
    text = _SHORT_YEAR_MONTH.sub(lambda m: f"20{m.group(1)}年{m.group(2)}月", text)
    if reference_date is not None:
        for word, back in _RELATIVE_YEARS.items():
            text = text.replace(word, f"{reference_date.year - back}年")
    return text


def _scaled(number: str, factor: int) -> str:
    value = float(number) * factor
    return str(int(value)) if value == int(value) else f"{value:g}"


def _numeral_replacement(match: re.Match[str]) -> str:
    run = match.group()
    source = match.string
    context = source[max(0, match.start() - 3) : match.end() + 3]
    if any(idiom in context and run in idiom for idiom in _NOT_NUMBERS):
        return run
    if not any(ch in _DIGITS for ch in run) and run[0] not in "十拾":
        return run  # a lone 万 or 千 after Arabic digits (1.2万元) is scaled later
    following = source[match.end() : match.end() + 1]
    numeric_alone = (
        any(ch in _SMALL_UNITS or ch in _BIG_UNITS or ch in "〇零○" for ch in run) or len(run) >= 2
    )
    if not numeric_alone and (not following or following not in _MEASURES):
        return run
    try:
        return chinese_to_number(run)
    except ValueError:
        return run


def chinese_to_number(numeral: str) -> str:
    """一万二千 -> 12000, 一万二 -> 12000, 两千五 -> 2500, 二〇二五 -> 2025, 三点五 -> 3.5, 壹万贰仟 -> 12000."""
    whole, _, fraction = numeral.partition("点")
    value = _integer_part(whole) if whole else 0
    if fraction:
        return f"{value}." + "".join(str(_DIGITS[ch]) for ch in fraction)
    return str(value)


def _integer_part(numeral: str) -> int:
    if all(ch in _DIGITS for ch in numeral):
        return int("".join(str(_DIGITS[ch]) for ch in numeral))  # read digit by digit: 二〇二五
    total, section, digit, last_unit = 0, 0, None, 1
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            last_unit = _SMALL_UNITS[ch]
            section += (1 if digit is None else digit) * last_unit
            digit = None
        elif ch in _BIG_UNITS:
            last_unit = _BIG_UNITS[ch]
            total += (section + (digit or 0)) * last_unit
            section, digit = 0, None
        else:
            raise ValueError(numeral)
    if digit is not None:
        # Spoken shorthand: 一万二 is 12000 and 两千五 is 2500, the digit takes the next lower unit.
        section += digit * (last_unit // 10 if last_unit >= 10 and numeral[-2] not in "零〇" else 1)
    return total + section


def _amounts(text: str) -> tuple[str, ...]:
    values = {_scaled(number, 10_000 if wan else 1) + "元" for number, wan in _AMOUNT.findall(text)}
    return tuple(sorted(values))


def _areas(text: str) -> tuple[str, ...]:
    return tuple(sorted({f"{float(n):g}{unit}" for n, unit in _AREA.findall(text)}))
