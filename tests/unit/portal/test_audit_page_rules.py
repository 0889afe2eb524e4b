"""The auditors' pages' own rules: the menu item and the guard are the auditor's alone; the search's dates are
2026-12-01 or a field-named refusal; an entry reads in Beijing time with its township's name, its service and action
in Chinese, its detail as labelled lines and its trace id linked once a viewer is configured; a case's or petition's
entry leads to its whole trail; the exports carry the search's filters; a verification's chains read failing first
with the reason explained; the verify button's form carries one Idempotency-Key; the pages render in both languages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import jinja2
import pytest
from litestar.exceptions import NotFoundException
from markupsafe import escape

from services.portal.api import audit as pages
from services.portal.api.frame import date_formatter, datetime_formatter, register_filters
from services.portal.domain import audit
from services.portal.domain.audit_messages import EN_AUDIT, ZH_AUDIT
from services.portal.domain.menu import MENU, visible_menu
from services.portal.domain.messages import Language, Messages
from services.portal.domain.vocabulary import choices
from services.portal.service.apis import ApiForbidden, ApiInvalid, ApiUnavailable, ServiceApi
from services.portal.service.oidc import TokenSet
from services.portal.service.web_sessions import SignedIn
from shared.auth import Principal
from shared.auth.roles import Role
from shared.tenancy import COUNTY_CHAIN, Scope, tenant_id_for

ZH, EN = Messages(Language.zh), Messages(Language.en)
TEMPLATES = Path(pages.__file__).resolve().parents[1] / "templates"
TOWNSHIPS = [
    {"slug": "dajiahe", "name": "大佳何镇", "kind": "town", "villages": []},
    {"slug": "changjie", "name": "长街镇", "kind": "town", "villages": []},
]
DAJIAHE, CHANGJIE = str(tenant_id_for("dajiahe")), str(tenant_id_for("changjie"))
CASE = str(uuid.UUID(int=7))


def entry(**over: Any) -> dict[str, Any]:
    base = {
        "service": "supervision", "tenant_id": DAJIAHE, "seq": 12, "occurred_at": "2026-11-30T16:05:09+00:00",
        "actor_id": "kc-42", "actor_role": "township-clerk", "action": "case.transferred", "object_type": "case",
        "object_id": CASE, "request_id": "r-1", "trace_id": "0af7651916cd43dd8448eb211c80319c", "trace_url": None,
        "detail": {"by": "李干部", "unit": "镇司法所", "reason": "职责调整", "on_time": True},
        "prev_hash": "a" * 64, "hash": "b" * 64, "verified": True,
    }  # fmt: skip
    return {**base, **over}


# --- who sees the pages


def test_only_the_auditor_has_the_audit_menu_item() -> None:
    item = next(i for i in MENU if i.path == "/audit")
    assert item.roles == audit.TRAIL_READERS == frozenset({Role.auditor})
    assert item in visible_menu({Role.auditor})
    for role in set(Role) - {Role.auditor}:
        assert item not in visible_menu({role}), role


def test_every_audit_page_is_guarded_by_the_menu_items_roles() -> None:
    for handler in pages.ROUTES:
        assert handler.guards == [pages.GUARD], handler.paths


def test_the_audit_menu_item_has_a_label_in_both_languages() -> None:
    assert ZH("nav.audit") == "审计留痕" and EN("nav.audit") == "Audit trail"
    assert set(ZH_AUDIT) == set(EN_AUDIT)


# --- the search form


def test_the_search_keeps_reportings_names_trimmed_and_drops_empty_fields() -> None:
    asked = {
        "case": f" {CASE} ",
        "user": "",
        "township": "dajiahe",
        "from": "2026-11-01",
        "page": "2",
        "x": "1",
    }
    assert audit.search_of(asked) == {"case": CASE, "township": "dajiahe", "from": "2026-11-01"}


@pytest.mark.parametrize(
    "text", ["12/01/2026", "2026-13-01", "2026-2-1", "2026-02-30", "２０２６-12-01", "today"]
)
def test_a_date_not_written_as_2026_12_01_is_refused_naming_the_field(text: str) -> None:
    assert audit.parse_date(text) is None
    errors = audit.date_errors({"from": text}, ZH)
    assert errors == {"from": "起始日期日期应写作2026-12-01的格式"}
    assert audit.date_errors({"to": text}, EN) == {"to": "To must be a date written as 2026-12-01"}


def test_an_end_before_the_start_is_refused_on_the_end() -> None:
    assert audit.date_errors({"from": "2026-12-01", "to": "2026-11-30"}, ZH) == {
        "to": "截止日期截止日期不能早于起始日期"
    }
    assert audit.date_errors({"from": "2026-12-01", "to": "2026-12-01"}, ZH) == {}


def test_the_exports_carry_the_searchs_filters_and_not_its_page() -> None:
    query = {"case": CASE, "township": "dajiahe", "from": "2026-11-01", "to": "2026-11-30"}
    assert audit.export_href("xlsx", query) == (
        f"/audit/export.xlsx?case={CASE}&township=dajiahe&from=2026-11-01&to=2026-11-30"
    )
    assert audit.export_href("pdf", {}) == "/audit/export.pdf"


def test_a_township_asked_by_its_tenant_id_reads_as_its_slug() -> None:
    assert audit.township_slug(CHANGJIE, TOWNSHIPS) == "changjie"
    assert audit.township_slug("dajiahe", TOWNSHIPS) == "dajiahe"


def test_the_action_select_offers_every_labelled_action_and_keeps_an_unknown_one_asked() -> None:
    offered = dict(audit.action_choices("petition.something_new", ZH))
    assert offered["petition.registered"] == "登记 · petition.registered"
    assert offered["training.session_recorded"].startswith("记录培训")
    assert "petition.something_new" in offered


# --- an entry as the table shows it


def test_an_entry_reads_in_beijing_time_with_names_in_chinese() -> None:
    row = audit.entry_row(entry(), audit.tenant_names(TOWNSHIPS), ZH)
    assert row.time == "2026年12月1日 00:05:09"  # 16:05 UTC is the next day in Beijing
    assert (row.township_label, row.service_label, row.action_label) == ("大佳何镇", "办理督办", "转办")
    assert (row.object_label, row.actor, row.roles) == ("办理件", "李干部", "乡镇信访干部")
    assert row.detail == [("按时", "是"), ("理由", "职责调整"), ("责任单位", "镇司法所")]
    assert row.case_href == f"/audit/cases/{CASE}"
    assert row.trace_url is None and row.trace_id == "0af7651916cd43dd8448eb211c80319c"


def test_an_entry_reads_in_english_on_an_english_page() -> None:
    row = audit.entry_row(entry(detail={"units": ["A", "B"]}), audit.tenant_names(TOWNSHIPS), EN)
    assert row.time == "1 Dec 2026 00:05:09"
    assert (row.service_label, row.action_label, row.actor) == ("Supervision", "Transferred", "kc-42")
    assert row.detail == [("units", "A, B")]


def test_a_detail_value_of_a_known_vocabulary_reads_as_its_label() -> None:
    row = audit.entry_row(entry(detail={"channel": "letter", "reason": "职责调整"}), {}, ZH)
    assert row.detail == [("渠道", "来信"), ("理由", "职责调整")]


def test_the_countys_own_chain_reads_as_the_county_and_an_unknown_key_as_itself() -> None:
    row = audit.entry_row(
        entry(tenant_id=str(COUNTY_CHAIN), object_type="calendar_year", object_id="2026", detail={"days": 3}),
        audit.tenant_names(TOWNSHIPS),
        ZH,
    )
    assert row.township_label == "全县" and row.object_label == "工作日历"
    assert row.case_href is None and row.detail == [("days", "3")]


def test_a_petitions_entry_leads_to_its_whole_trail_too() -> None:
    row = audit.entry_row(entry(object_type="petition", action="petition.registered"), {}, ZH)
    assert row.case_href == f"/audit/cases/{CASE}" and row.action_label == "登记"


def test_a_case_trail_answer_gives_its_entries() -> None:
    assert audit.case_entries({"case_id": CASE, "petition_id": None, "entries": [entry()]}) == [entry()]


# --- a verification


def verification(*results: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(uuid.UUID(int=1)), "requested_at": "2026-12-01T01:00:00+00:00",
        "finished_at": "2026-12-01T01:00:03+00:00", "requested_by": "kc-auditor", "ok": False, "results": list(results),
    }  # fmt: skip


def result(service: str, tenant: str, status: str = "ok", reason: str | None = None, seq: int | None = None):
    return {
        "service": service, "tenant_id": tenant, "status": status, "reason": reason, "seq": seq,
        "service_head_seq": 40, "copy_head_seq": 41, "anchor_seq": 41, "entries_checked": 41, "pending": 0,
        "detail": None,
    }  # fmt: skip


def test_the_chains_that_differ_come_first_with_the_first_entry_and_the_reason_in_chinese() -> None:
    found = verification(
        result("intake", DAJIAHE),
        result("training_records", CHANGJIE, "unreachable"),
        result("supervision", CHANGJIE, "problem", "cut_off", 41),
        result("intake", CHANGJIE, "problem", "missing_in_service", 7),
    )
    chains = audit.chain_results(found, audit.tenant_names(TOWNSHIPS), ZH)
    assert [(c.service, c.township_label, c.status) for c in chains] == [
        ("intake", "长街镇", "problem"),
        ("supervision", "长街镇", "problem"),
        ("training_records", "长街镇", "unreachable"),
        ("intake", "大佳何镇", "ok"),
    ]
    assert chains[0].first_seq == 7 and chains[0].reason_text == "业务系统中缺少该记录（记录被删除）"
    assert chains[1].first_seq == 41 and "截短" in chains[1].reason_text
    assert chains[3].first_seq is None and chains[3].reason_text is None
    assert chains[0].heads == "40 / 41 / 41"
    assert chains[0].chain_href == f"/audit?service=intake&township={CHANGJIE}"


def test_every_reason_is_explained_in_both_languages() -> None:
    for reason in audit.REASONS:
        assert ZH.label("audit_reason", reason) != reason and EN.label("audit_reason", reason) != reason
    for status in audit.STATUSES:
        assert ZH(f"verify.status.{status}") != f"verify.status.{status}"


def test_the_verification_time_is_when_it_finished() -> None:
    assert audit.beijing_time(audit.verified_at(verification()), ZH) == "2026年12月1日 09:00:03"
    assert audit.verified_at(None) is None and audit.chain_results(None, {}, ZH) == []


# --- the handlers, against a reporting and an intake that answer from a table


def _principal(roles: set[Role], scope: Scope = Scope.county) -> Principal:
    return Principal(
        user_id="kc-auditor", username="county.auditor", display_name="审计员", roles=frozenset(roles),
        township="county", village=None, tenant_id=None, village_id=None, scope=scope,
    )  # fmt: skip


def _request(
    query: dict[str, str], path: str = "/audit", form: dict[str, str] | None = None
) -> SimpleNamespace:
    async def read_form() -> dict[str, str]:
        return form or {}

    return SimpleNamespace(
        user=SignedIn(_principal({Role.auditor}), TokenSet("access", "refresh", "id", 0.0, 0.0), b""), cookies={},
        query_params=query, url=SimpleNamespace(path=path), scope={}, form=read_form,
        app=SimpleNamespace(state={"runtime": SimpleNamespace(settings=SimpleNamespace(county=None))}),
    )  # fmt: skip


class Services:
    """Reporting and intake behind a MockTransport; every call recorded as path?query with its headers."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.asked: list[httpx.Request] = []

        def record(request: httpx.Request) -> httpx.Response:
            self.asked.append(request)
            if request.url.path == "/townships":
                return httpx.Response(200, json=TOWNSHIPS)
            return answer(request)

        transport = httpx.MockTransport(record)
        self.portal = SimpleNamespace(
            reporting=ServiceApi("reporting", "http://reporting", transport=transport),
            intake=ServiceApi("intake", "http://intake", transport=transport),
            places=SimpleNamespace(township=lambda slug: None),
        )

    def paths(self) -> list[str]:
        return [f"{r.url.path}?{r.url.query.decode()}" for r in self.asked if r.url.path != "/townships"]

    async def close(self) -> None:
        await self.portal.reporting.close()


def page_of(*items: dict[str, Any]) -> dict[str, Any]:
    return {"items": list(items), "total": len(items), "page": 1, "page_size": pages.PAGE_SIZE}


async def test_the_search_asks_reporting_with_the_forms_filters_and_shows_the_entries() -> None:
    services = Services(
        lambda r: httpx.Response(200, json=page_of(entry(), entry(tenant_id=CHANGJIE, seq=3)))
    )
    query = {"case": CASE, "township": CHANGJIE, "from": "2026-11-01", "to": "2026-11-30", "page": "2"}
    try:
        shown = await pages.audit_search.fn(_request(query), services.portal)
    finally:
        await services.close()
    assert shown.status_code == 200 and shown.template_name == "audit.html"
    assert services.paths() == [
        f"/trail/entries?case={CASE}&township=changjie&from=2026-11-01&to=2026-11-30&page=2&page_size=50"
    ]
    assert [r.township_label for r in shown.context["rows"]] == ["大佳何镇", "长街镇"]
    assert shown.context["exports"]["pdf"].startswith(f"/audit/export.pdf?case={CASE}&township=changjie")


async def test_a_bad_date_is_the_pages_422_and_reporting_is_not_asked() -> None:
    services = Services(lambda r: httpx.Response(500))
    try:
        shown = await pages.audit_search.fn(_request({"from": "12/01/2026"}), services.portal)
    finally:
        await services.close()
    assert shown.status_code == 422 and services.paths() == []
    assert shown.context["errors"].of("from") == "起始日期日期应写作2026-12-01的格式"


async def test_reportings_refusal_goes_under_the_field_it_names() -> None:
    problem = {"errors": [{"field": "case", "message": "case不是有效的编号"}]}
    services = Services(lambda r: httpx.Response(422, json=problem))
    try:
        shown = await pages.audit_search.fn(_request({"case": "abc"}), services.portal)
    finally:
        await services.close()
    assert (
        shown.status_code == 422 and shown.context["errors"].of("case") == "办理件或信访件编号不是有效的编号"
    )


async def test_reporting_down_keeps_the_search_page_open_with_a_notice() -> None:
    services = Services(lambda r: httpx.Response(503))
    try:
        shown = await pages.audit_search.fn(_request({}), services.portal)
    finally:
        await services.close()
    assert shown.status_code == 200 and shown.context["unavailable"] is True and shown.context["rows"] == []


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
async def test_an_export_is_reportings_file_streamed_on_with_the_same_filters(kind: str) -> None:
    disposition = f"attachment; filename*=UTF-8''trail.{kind}"
    services = Services(
        lambda r: httpx.Response(200, content=b"FILE" * 1000, headers={"content-disposition": disposition})
    )
    handler = pages.export_xlsx if kind == "xlsx" else pages.export_pdf
    try:
        got = await handler.fn(_request({"user": "kc-42", "action": "case.taken"}), services.portal)
        content = b"".join([chunk async for chunk in got.iterator])
    finally:
        await services.close()
    assert services.paths() == [f"/trail/export.{kind}?user=kc-42&action=case.taken"]
    assert services.asked[-1].headers["Authorization"] == "Bearer access"
    assert content == b"FILE" * 1000 and got.media_type == pages.MEDIA[kind]
    assert got.headers["Content-Disposition"] == disposition


@pytest.mark.parametrize(
    ("status", "refusal"),
    [(403, ApiForbidden), (422, ApiInvalid), (500, ApiUnavailable), (503, ApiUnavailable)],
)
async def test_an_export_reporting_refuses_is_the_pages_refusal(status: int, refusal: type) -> None:
    services = Services(lambda r: httpx.Response(status, json={"title": "x"}))
    try:
        with pytest.raises(refusal):
            await pages.export_xlsx.fn(_request({}), services.portal)
    finally:
        await services.close()


async def test_an_export_waits_minutes_for_reporting_not_the_pages_20_seconds() -> None:
    assert pages.EXPORT_TIMEOUT.read >= 300 and pages.EXPORT_TIMEOUT.connect <= 20


async def test_an_export_with_a_bad_date_goes_back_to_the_search() -> None:
    services = Services(lambda r: httpx.Response(500))
    try:
        got = await pages.export_pdf.fn(_request({"to": "2026/12/01"}), services.portal)
    finally:
        await services.close()
    assert got.status_code == 303 and services.paths() == []


async def test_a_case_id_reporting_refuses_is_not_found() -> None:
    services = Services(
        lambda r: httpx.Response(422, json={"errors": [{"field": "case_id", "message": "x"}]})
    )
    try:
        with pytest.raises(NotFoundException):
            await pages.case_trail.fn(_request({}, "/audit/cases/x"), services.portal, "x")
    finally:
        await services.close()


async def test_the_verify_button_posts_the_forms_key_and_comes_back_to_the_result() -> None:
    services = Services(lambda r: httpx.Response(201, json=verification()))
    key = str(uuid.uuid4())
    try:
        done = await pages.run_verification.fn(
            _request({}, "/audit/verification", {"idempotency_key": key}), services.portal
        )
    finally:
        await services.close()
    posted = [r for r in services.asked if r.method == "POST"]
    assert [r.url.path for r in posted] == ["/trail/verifications"]
    assert posted[0].headers["Idempotency-Key"] == key
    assert done.status_code == 303 and done.url == "/audit/verification?done=1"


async def test_no_verification_yet_reads_as_none_run() -> None:
    services = Services(lambda r: httpx.Response(404, json={"title": "未找到"}))
    try:
        shown = await pages.verification.fn(_request({}, "/audit/verification"), services.portal)
    finally:
        await services.close()
    assert shown.context["latest"] is None and shown.context["chains"] == []
    assert uuid.UUID(shown.context["idempotency_key"])


# --- the templates render, in both languages


def _render(name: str, t: Messages, **values: Any) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    register_filters(SimpleNamespace(engine=env))  # the filters the app's engine has
    frame = SimpleNamespace(
        display_name="审计员", role_names=["审计/纪检人员"], place="全县", menu=visible_menu({Role.auditor}),
        active=None, crumbs=[], current_path="/audit",
    )  # fmt: skip
    context = {
        "frame": frame, "t": t, "lang": t.language.value, "fmt_date": date_formatter(t),
        "fmt_datetime": datetime_formatter(t), "choices": choices(t), "can": frozenset(), "is_county": True,
        "csrf_token": lambda: "token", "csrf_input": '<input type="hidden" name="_csrf_token" value="token">',
    }  # fmt: skip
    return env.get_template(name).render(**context, **values)


@pytest.mark.parametrize("t", [ZH, EN])
def test_the_search_page_renders_entries_a_trace_link_and_text_date_fields(t: Messages) -> None:
    rows = audit.entry_rows([entry(trace_url="https://traces.example/t/0af7"), entry(seq=13)], {}, t)
    html = _render(
        "audit.html", t, query={"from": "2026-11-01"}, result=page_of(entry(), entry()), rows=rows,
        townships=TOWNSHIPS, services=[(s, audit.service_name(s, t)) for s in audit.SERVICES],
        actions=audit.action_choices(None, t), errors=None, unavailable=False, date_pattern=audit.DATE_PATTERN,
        exports={k: audit.export_href(k, {"from": "2026-11-01"}) for k in audit.EXPORTS},
    )  # fmt: skip
    assert 'type="date"' not in html and 'pattern="\\d{4}-\\d{2}-\\d{2}"' in html
    assert 'placeholder="2026-12-01"' in html and 'value="2026-11-01"' in html
    assert 'href="https://traces.example/t/0af7"' in html and html.count('class="xf-entry"') == 2
    assert f'href="/audit/cases/{CASE}"' in html and 'href="/audit/export.xlsx?from=2026-11-01"' in html


@pytest.mark.parametrize("t", [ZH, EN])
def test_the_verification_page_renders_the_failing_chain_and_one_key(t: Messages) -> None:
    found = verification(result("intake", DAJIAHE, "problem", "differs", 5), result("supervision", DAJIAHE))
    chains = audit.chain_results(found, audit.tenant_names(TOWNSHIPS), t)
    html = _render(
        "audit_verification.html", t, latest=found, chains=chains, failed=1, unreachable=0, at="x", done=True,
        notice=None, idempotency_key="k-1",
    )  # fmt: skip
    assert html.count('name="idempotency_key" value="k-1"') == 1
    assert f'data-chain="intake/{DAJIAHE}" data-status="problem" data-reason="differs" data-seq="5"' in html
    assert escape(t.label("audit_reason", "differs")) in html


def test_the_case_page_renders_its_entries_oldest_first() -> None:
    rows = audit.entry_rows([entry(seq=1), entry(seq=2)], {}, ZH)
    html = _render("audit_case.html", ZH, case_id=CASE, rows=rows, exports={"xlsx": "/x", "pdf": "/p"})
    assert html.index('id="seq-1"') < html.index('id="seq-2"') and CASE in html
