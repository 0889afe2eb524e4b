"""Training in a real browser: the 大佳何镇 trainer records yesterday's session, imports a sign-in sheet with an
unknown name and sees the error next to its row number, fixes the sheet and imports it, adds a handout, follows
the clerk's name to her page of the year, and the clerk finds the hours on 我的学时."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from openpyxl import Workbook
from playwright.async_api import Browser, Page, expect

from services.portal.domain.dates import CHINA

SignIn = Callable[..., Awaitable[None]]


def sheet(*rows: tuple) -> bytes:
    book = Workbook()
    ws = book.active
    ws.append(("姓名", "单位", "出勤情况", "学时"))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes) -> dict:
    return {"name": "签到表.xlsx", "mimeType": "application/octet-stream", "buffer": content}


async def test_the_trainer_imports_a_sheet_fixes_its_row_and_the_clerk_sees_her_hours(
    page: Page, browser: Browser, sign_in: SignIn
) -> None:
    topic = f"信访工作条例专题培训 {uuid.uuid4().hex[:6]}"
    await sign_in(page, "dajiahe.trainer", "/training")
    await expect(page.locator("#fixed-township")).to_contain_text("大佳何镇")
    await page.select_option("#f-session_type", "training_class")
    await page.fill("#f-topic", topic)
    yesterday = (datetime.now(CHINA) - timedelta(days=1)).strftime("%Y-%m-%dT09:00")
    await page.fill("#f-starts_at", yesterday)
    await page.fill("#f-hours", "2.5")
    await page.fill("#f-place", "大佳何镇政府三楼会议室")
    await page.fill("#f-trainers", "王老师")
    await page.click("#record")
    await expect(page.locator("#session-facts")).to_contain_text("大佳何镇")
    await expect(page.locator("#no-attendance")).to_be_visible()
    await expect(page.locator("#sheet-template")).to_have_attribute(
        "href", "/training/sign-in-sheet-template.xlsx"
    )

    await page.set_input_files(
        "#f-file",
        files=[upload(sheet(("胡海燕", "大佳何镇", "出席", None), ("王无名", "大佳何镇", "出席", 2)))],
    )
    await page.click("#import-sheet")
    error = page.locator("#sheet-errors .xf-sheet-error")
    await expect(error).to_have_count(1)
    await expect(error.locator(".xf-row-number")).to_have_text("第3行")
    await expect(error).to_contain_text("姓名")
    await expect(error).to_contain_text("查无此人")
    await expect(page.locator("#no-attendance")).to_be_visible()  # nothing stored

    await page.set_input_files(
        "#f-file",
        files=[upload(sheet(("胡海燕", "大佳何镇", "出席", None), ("张永杰", "大佳何镇", "出席", 2)))],
    )
    await page.click("#import-sheet")
    await expect(page.locator("#attendance-result")).to_contain_text("新增2人，更正0人，未变0人")
    await expect(page.locator("#sheet-errors")).to_have_count(0)
    await expect(page.locator("#attendance-table .xf-attendance-row")).to_have_count(2)
    await expect(page.locator(".xf-attendance-row[data-username='dajiahe.clerk'] .xf-hours")).to_have_text(
        "2.5"
    )

    handout = {
        "name": "讲义.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n" + uuid.uuid4().bytes,
    }
    await page.set_input_files("#f-material", files=[handout])
    await page.click("#upload-material")
    await expect(page.locator("#materials-table .xf-material-row")).to_have_count(1)
    await expect(page.locator("#materials-table .xf-material-row")).to_contain_text("讲义.pdf")

    await page.click(".xf-attendance-row[data-username='dajiahe.clerk'] .xf-cadre-link")
    await expect(page.locator("#cadre-name")).to_contain_text("胡海燕")
    await expect(page.locator("#cadre-sessions .xf-cadre-session", has_text=topic)).to_contain_text("培训班")
    await expect(page.locator("#certificate")).to_have_attribute(
        "href", re.compile(r"^/training/cadres/[0-9a-f-]{36}/certificate\.pdf\?year=\d{4}$")
    )

    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        clerk = await context.new_page()
        await sign_in(clerk, "dajiahe.clerk", "/")
        await clerk.click(".xf-menu a[href='/my-training']")
        line = clerk.locator("#my-sessions .xf-my-session", has_text=topic)
        await expect(line).to_contain_text("出席")
        await expect(line.locator(".xf-hours")).to_have_text("2.5")
        await expect(clerk.locator("#hours")).to_have_text(re.compile(r"^\d+(\.\d)?$"))
        await expect(clerk.locator("#certificate")).to_have_attribute(
            "href", re.compile(r"^/my-training/certificate\.pdf\?year=\d{4}$")
        )
    finally:
        await context.close()
