"""The auditors' pages' own rules: who reads the trail, what the search form takes, how an entry reads (Beijing
time, the township's name, the service and the action in the reader's language, the detail as labelled lines) and
how a verification's result is explained.

Reporting keeps the trail's copy, searches it and verifies it (docs/trail.md); the pages only format its answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from services.portal.domain.dates import CHINA, chinese_date, english_date
from services.portal.domain.messages import ZH, Language, Messages
from shared.abilities import reporting as rep
from shared.tenancy import COUNTY_CHAIN, tenant_id_for

# Reporting lets auditors alone read the trail (issue 12: a township clerk reads none of it); the menu item and the
# pages' guard use the same roles, so a menu entry never leads to a 403.
TRAIL_READERS = rep.READ_TRAIL.roles
# The services that keep a trail, in the order of the petition's way through them.
SERVICES = ("intake", "supervision", "training_records", "reporting", "portal")
# The search form's fields, by the names reporting's /trail/entries takes.
SEARCH_FIELDS = ("case", "user", "township", "service", "action", "from", "to")
DATE_FIELDS = ("from", "to")
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"  # the entry field's pattern: 2026-12-01, never the browser's mm/dd/yyyy
_DATE = re.compile(DATE_PATTERN)
# Entries on these objects have a whole trail of their own across the services (/trail/cases/{id}).
CASE_OBJECTS = frozenset({"case", "petition"})
REASONS = ("missing_in_service", "cut_off", "differs", "broken_chain", "missing_in_copy")
STATUSES = ("ok", "problem", "unreachable")
EXPORTS = ("xlsx", "pdf")
# Keys of an entry's detail that the table shows elsewhere (the actor's name is in the 操作人 column).
_SHOWN_APART = frozenset({"by"})


def search_of(params: Mapping[str, Any]) -> dict[str, str]:
    """The form's fields as asked, trimmed, the empty ones left out (empty means "any")."""
    values = {f: str(params.get(f) or "").strip() for f in SEARCH_FIELDS}
    return {f: v for f, v in values.items() if v}


def parse_date(text: str) -> date | None:
    """ "2026-12-01" → date; None for anything else (12/01/2026, 2026-13-01, 2026-2-1)."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def date_errors(query: Mapping[str, str], t: Messages) -> dict[str, str]:
    """The portal's own check of the two dates, before asking reporting: the field and the reason."""
    errors = {f: t("audit.bad_date") for f in DATE_FIELDS if f in query and parse_date(query[f]) is None}
    first, last = parse_date(query.get("from", "")), parse_date(query.get("to", ""))
    if not errors and first and last and last < first:
        errors["to"] = t("audit.to_before_from")
    return {f: f"{t(f'audit.{f}')}{' ' if t.language is Language.en else ''}{m}" for f, m in errors.items()}


def query_string(query: Mapping[str, Any], **more: Any) -> str:
    values = {**query, **more}
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def export_href(kind: str, query: Mapping[str, str]) -> str:
    """The portal's link to one export, carrying the search's filters (never its page)."""
    qs = query_string({k: query[k] for k in SEARCH_FIELDS if k in query})
    return f"/audit/export.{kind}" + (f"?{qs}" if qs else "")


def beijing_time(value: str | datetime | None, t: Messages) -> str:
    """An instant in Beijing time to the second: 2026年12月1日 14:05:09 / 1 Dec 2026 14:05:09."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is not None:
        moment = moment.astimezone(CHINA)
    day = english_date(moment) if t.language is Language.en else chinese_date(moment)
    return f"{day} {moment:%H:%M:%S}"


def service_name(service: str, t: Messages) -> str:
    return t.label("audit_service", service)


def tenant_names(townships: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Names by tenant id, as the trail keys its chains (a tenant's id derives from its slug), and by slug."""
    names = {str(COUNTY_CHAIN): ""}
    for tw in townships:
        names[str(tenant_id_for(tw["slug"]))] = tw["name"]
        names[tw["slug"]] = tw["name"]
    return names


def township_name(tenant: str | None, names: Mapping[str, str], t: Messages) -> str:
    """The county's own chain (objects of no township, such as the calendar) reads 全县."""
    if not tenant or tenant == str(COUNTY_CHAIN):
        return t("audit.county")
    return names.get(tenant) or tenant


def township_slug(value: str, townships: Iterable[Mapping[str, Any]]) -> str:
    """A township asked by its tenant id (the verification page's links name chains so) reads as its slug, the
    select's value; reporting takes either."""
    return next((tw["slug"] for tw in townships if str(tenant_id_for(tw["slug"])) == value), value)


def tenant_of(e: Mapping[str, Any]) -> str | None:
    found = e.get("tenant_id") or e.get("township")
    return str(found) if found else None


def value_text(value: Any, t: Messages) -> str:
    if isinstance(value, bool):
        return t("audit.yes") if value else t("audit.no")
    if isinstance(value, list):
        return (
            "、".join(value_text(v, t) for v in value)
            if t.language is Language.zh
            else ", ".join(value_text(v, t) for v in value)
        )
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def detail_lines(detail: Mapping[str, Any] | None, t: Messages) -> list[tuple[str, str]]:
    """The detail as (label, text) lines: labels in the reader's language where the portal knows the key, and a
    value of a known vocabulary by its label (channel letter → 来信); anything else as it is."""
    return [
        (
            t.label("audit_detail", key),
            t.label(key, value) if isinstance(value, str) else value_text(value, t),
        )
        for key, value in sorted((detail or {}).items())
        if key not in _SHOWN_APART and value not in (None, "", [], {})
    ]


def role_names(actor_role: str | None, t: Messages) -> str:
    roles = [r for r in (actor_role or "").split(",") if r]
    return "、".join(t.role_name(r) for r in roles)


@dataclass(frozen=True, slots=True)
class EntryRow:
    key: str  # service/township/seq: one entry's identity across the county
    service: str
    service_label: str
    township: str | None  # the chain's tenant id
    township_label: str
    seq: int
    time: str
    action: str
    action_label: str
    object_type: str
    object_label: str
    object_id: str
    case_href: str | None  # the whole trail of the case or petition the entry is on
    actor: str
    actor_id: str
    roles: str
    detail: list[tuple[str, str]]
    trace_id: str | None
    trace_url: str | None
    hash: str


def entry_row(e: Mapping[str, Any], names: Mapping[str, str], t: Messages) -> EntryRow:
    detail = e.get("detail") or {}
    object_type, object_id = str(e.get("object_type") or ""), str(e.get("object_id") or "")
    tenant = tenant_of(e)
    return EntryRow(
        key=f"{e.get('service')}/{tenant}/{e.get('seq')}",
        service=str(e.get("service") or ""),
        service_label=service_name(str(e.get("service") or ""), t),
        township=tenant,
        township_label=township_name(tenant, names, t),
        seq=int(e.get("seq") or 0),
        time=beijing_time(e.get("occurred_at"), t),
        action=str(e.get("action") or ""),
        action_label=t.label("action", e.get("action")),
        object_type=object_type,
        object_label=t.label("audit_object", object_type),
        object_id=object_id,
        case_href=f"/audit/cases/{object_id}" if object_type in CASE_OBJECTS and object_id else None,
        actor=str(detail.get("by") or e.get("actor_id") or ""),
        actor_id=str(e.get("actor_id") or ""),
        roles=role_names(e.get("actor_role"), t),
        detail=detail_lines(detail, t),
        trace_id=e.get("trace_id"),
        trace_url=e.get("trace_url"),
        hash=str(e.get("hash") or ""),
    )


def entry_rows(items: Iterable[Mapping[str, Any]], names: Mapping[str, str], t: Messages) -> list[EntryRow]:
    return [entry_row(e, names, t) for e in items]


def case_entries(answer: Any) -> list[Mapping[str, Any]]:
    """/trail/cases/{id} answers {case_id, petition_id, entries}, oldest first."""
    return list(answer.get("entries") or []) if isinstance(answer, Mapping) else list(answer or [])


def known_actions() -> list[str]:
    """Every action the portal has a label for (the services' catalogues), by its dotted name."""
    return sorted(k.removeprefix("action.") for k in ZH if k.startswith("action."))


def action_choices(asked: str | None, t: Messages) -> list[tuple[str, str]]:
    """The search's actions, grouped by their object as the dotted names sort; one asked for that the portal has
    no label for stays offered, so the form shows what was searched."""
    actions = known_actions()
    if asked and asked not in actions:
        actions.append(asked)
    return [(a, f"{t.label('action', a)} · {a}") for a in actions]


@dataclass(frozen=True, slots=True)
class ChainResult:
    service: str
    service_label: str
    township: str | None  # the chain's tenant id
    township_label: str
    status: str  # ok / problem / unreachable
    status_label: str
    checked: int | None  # entries compared
    first_seq: int | None  # the first entry where the service's chain, the copy and the anchors disagree
    reason: str | None
    reason_text: str | None  # the reason explained in the reader's language
    pending: (
        int  # entries the service has and the copy has not received yet (not a difference: still on the way)
    )
    heads: str  # the three heads compared: the service's, the copy's, the last anchor's
    detail: str | None  # reporting's technical note on the difference
    chain_href: str  # this chain's entries in the search


def chain_status(r: Mapping[str, Any]) -> str:
    status = r.get("status")
    if status in STATUSES:
        return str(status)
    return "ok" if r.get("ok") or not r.get("reason") else "problem"


def chain_result(r: Mapping[str, Any], names: Mapping[str, str], t: Messages) -> ChainResult:
    service, tenant = str(r.get("service") or ""), tenant_of(r)
    status = chain_status(r)
    reason = r.get("reason") if status == "problem" else None
    heads = [r.get(k) for k in ("service_head_seq", "copy_head_seq", "anchor_seq")]
    return ChainResult(
        service=service,
        service_label=service_name(service, t),
        township=tenant,
        township_label=township_name(tenant, names, t),
        status=status,
        status_label=t(f"verify.status.{status}"),
        checked=r.get("entries_checked"),
        first_seq=r.get("seq") if status == "problem" else None,
        reason=reason,
        reason_text=t.label("audit_reason", reason) if reason else None,
        pending=int(r.get("pending") or 0),
        heads=" / ".join("—" if h is None else str(h) for h in heads),
        detail=r.get("detail") if status != "ok" else None,
        chain_href="/audit?" + query_string({"service": service, "township": tenant or ""}),
    )


def chain_results(
    verification: Mapping[str, Any] | None, names: Mapping[str, str], t: Messages
) -> list[ChainResult]:
    """Per service and township: the chains that differ first (what the auditor came for), the unreachable next,
    then the intact ones, each group in the services' order."""
    if not verification:
        return []
    rows = [chain_result(r, names, t) for r in verification.get("results") or []]
    order = {s: i for i, s in enumerate(SERVICES)}
    rank = {"problem": 0, "unreachable": 1, "ok": 2}
    return sorted(rows, key=lambda c: (rank[c.status], order.get(c.service, len(order)), c.township_label))


def verified_at(verification: Mapping[str, Any] | None) -> str | None:
    if not verification:
        return None
    return verification.get("finished_at") or verification.get("requested_at")
