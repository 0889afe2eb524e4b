"""Every string the portal shows, in Simplified Chinese (the default) and English: one catalogue per language."""

from __future__ import annotations

from enum import StrEnum

from services.portal.domain.analysis_messages import EN_ANALYSIS, ZH_ANALYSIS
from services.portal.domain.audit_messages import EN_AUDIT, ZH_AUDIT
from services.portal.domain.dead_letter_messages import EN_DEAD_LETTER, ZH_DEAD_LETTER
from services.portal.domain.figures_messages import EN_FIGURES, ZH_FIGURES
from services.portal.domain.information_report_messages import EN_INFORMATION_REPORT, ZH_INFORMATION_REPORT
from services.portal.domain.intake_messages import EN_INTAKE, ZH_INTAKE
from services.portal.domain.supervision_messages import EN_SUPERVISION, ZH_SUPERVISION
from services.portal.domain.training_messages import EN_TRAINING, ZH_TRAINING
from shared.auth.roles import Role
from shared.settings import CountySettings


class Language(StrEnum):
    zh = "zh-CN"
    en = "en"

    @classmethod
    def parse(cls, value: str | None) -> Language:
        """Anything but a known language falls back to Chinese, the language of the county's staff."""
        return cls(value) if value in cls._value2member_map_ else cls.zh


ZH: dict[str, str] = {
    "app.name": "{county}信访业务系统",
    "app.short": "信访业务系统",
    "nav.home": "首页",
    "nav.menu": "功能菜单",
    "header.county_wide": "全县",
    "header.sign_out": "退出登录",
    "header.language": "English",
    "header.user": "当前用户",
    "home.welcome": "您好，{name}",
    "home.today": "今天是{date}",
    "home.role_intro": "您的身份",
    "home.scope": "工作范围",
    "home.duties": "您可以办理的工作",
    "home.no_pages": "可用的业务页面将在上线后出现在左侧菜单中。",
    "error.title.403": "无权访问",
    "error.title.404": "页面不存在",
    "error.title.500": "系统出现错误",
    "error.title.503": "服务暂不可用",
    "error.title.other": "请求无法完成",
    "error.text.403": "您没有执行此操作的权限，或页面已过期，请返回后重试。",
    "error.text.404": "您要找的页面不存在，或您无权查看。",
    "error.text.500": "系统处理您的请求时出现错误，请稍后再试。如问题持续，请联系系统管理员。",
    "error.text.503": "所依赖的服务暂时无法访问，请稍后再试。",
    "error.text.other": "请求无法完成，请返回后重试。",
    "error.back_home": "返回首页",
    "signin.failed.title": "登录未完成",
    "signin.failed.text": "登录请求已过期或无效，请重新登录。",
    "signin.again": "重新登录",
    "breadcrumb": "当前位置",
}

EN: dict[str, str] = {
    "app.name": "{county} Petition Work System",
    "app.short": "Petition Work",
    "nav.home": "Home",
    "nav.menu": "Menu",
    "header.county_wide": "Whole county",
    "header.sign_out": "Sign out",
    "header.language": "中文",
    "header.user": "Signed in as",
    "home.welcome": "Welcome, {name}",
    "home.today": "Today is {date}",
    "home.role_intro": "Your role",
    "home.scope": "Your area",
    "home.duties": "What you can do",
    "home.no_pages": "Work pages appear in the menu on the left as they go live.",
    "error.title.403": "Access denied",
    "error.title.404": "Page not found",
    "error.title.500": "Something went wrong",
    "error.title.503": "Service unavailable",
    "error.title.other": "The request could not be completed",
    "error.text.403": "You may not do this, or the page has expired. Go back and try again.",
    "error.text.404": "The page does not exist, or you may not see it.",
    "error.text.500": "The system could not handle your request. Please try again later, or contact the administrator.",
    "error.text.503": "A service the page needs cannot be reached. Please try again later.",
    "error.text.other": "The request could not be completed. Go back and try again.",
    "error.back_home": "Back to the home page",
    "signin.failed.title": "Sign-in not completed",
    "signin.failed.text": "The sign-in request has expired or is not valid. Please sign in again.",
    "signin.again": "Sign in again",
    "breadcrumb": "You are here",
}

ZH.update(ZH_INTAKE)
EN.update(EN_INTAKE)
ZH.update(ZH_SUPERVISION)
EN.update(EN_SUPERVISION)
ZH.update(ZH_TRAINING)
EN.update(EN_TRAINING)
ZH.update(ZH_FIGURES)
EN.update(EN_FIGURES)
ZH.update(ZH_DEAD_LETTER)
EN.update(EN_DEAD_LETTER)
ZH.update(ZH_AUDIT)
EN.update(EN_AUDIT)
ZH.update(ZH_ANALYSIS)
EN.update(EN_ANALYSIS)
ZH.update(ZH_INFORMATION_REPORT)
EN.update(EN_INFORMATION_REPORT)

ROLE_NAMES: dict[Role, tuple[str, str]] = {
    Role.village_liaison: ("村信访信息员", "Village liaison"),
    Role.township_clerk: ("乡镇信访干部", "Township petition clerk"),
    Role.township_leader: ("乡镇党政主要领导", "Township leader"),
    Role.county_officer: ("县信访局工作人员", "County petition officer"),
    Role.county_leader: ("县领导", "County leader"),
    Role.trainer: ("培训师", "Trainer"),
    Role.auditor: ("审计/纪检人员", "Auditor"),
    Role.county_admin: ("系统管理员", "System administrator"),
}

# What each role does (docs/product.md), shown on the home page.
ROLE_DUTIES: dict[Role, tuple[str, str]] = {
    Role.village_liaison: (
        "记录民情日记，登记在村里遇到的信访事项，报告不稳定因素。",
        "Keep the sentiment diary, register petitions met in the village, report instability signals.",
    ),
    Role.township_clerk: (
        "登记各渠道来信来访，决定是否受理，交责任单位办理，记录办理情况并答复信访人。",
        "Register petitions from every channel, decide acceptance, route them, record handling and reply.",
    ),
    Role.township_leader: (
        "阅批来信，包案化解疑难积案，审批延期与办结。",
        "Read and instruct on letters, lead hard cases, approve extensions and closure.",
    ),
    Role.county_officer: (
        "县级登记（含越级访），向乡镇交办、督办、抽查。",
        "County-level intake (including skip-level petitions), assign to townships, supervise, spot-check.",
    ),
    Role.county_leader: ("作出批示，阅看月度分析。", "Give instructions, read the monthly analysis."),
    Role.trainer: ("记录培训、出勤与学时。", "Record training sessions, attendance and hours."),
    Role.auditor: (
        "查阅每件信访事项和每个用户操作的全程留痕，核验未被篡改。",
        "Read the full trail of every case and user action, and verify it was not altered.",
    ),
    Role.county_admin: (
        "维护乡镇、村、责任单位和用户。",
        "Add townships, villages, responsible units and users.",
    ),
}

_CATALOGUES = {Language.zh: ZH, Language.en: EN}


class Messages:
    """The catalogue of one language; a missing key shows as itself, so a gap is visible rather than fatal."""

    def __init__(self, language: Language, county: CountySettings | None = None) -> None:
        self.language = language
        self._strings = _CATALOGUES[language]
        county = county or CountySettings()
        # The county comes from configuration: the same product serves any county.
        self._county = (county.name_en or county.name) if language is Language.en else county.name

    def __call__(self, key: str, **values: object) -> str:
        text = self._strings.get(key, key)
        if "{county}" in text:
            values = {"county": self._county, **values}
        return text.format(**values).strip() if values else text

    def label(self, group: str, value: object) -> str:
        """An enum value's label ("channel", "letter" → 来信); an unknown value shows as it is."""
        key = f"{group}.{value}"
        return self._strings.get(key, str(value))

    def role_name(self, role: Role | str) -> str:
        if role not in Role._value2member_map_ and not isinstance(role, Role):
            return str(role)
        return _pick(ROLE_NAMES[Role(role)], self.language)

    def role_duties(self, role: Role) -> str:
        return _pick(ROLE_DUTIES[role], self.language)


def _pick(pair: tuple[str, str], language: Language) -> str:
    return pair[1] if language is Language.en else pair[0]
