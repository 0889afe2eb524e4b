"""月度分析 in the portal: the figures home page links the shown month's analysis as PDF and Excel, and the links
download it through the portal (what reporting answers the same user); the 月度分析 page lists the generated ones
and each downloads; a village liaison, who reads no figures, has neither."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from deploy.launcher.config import StackSettings
from tests.integration.portal.test_figures_pages import last_month

PDF, XLSX = "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GENERATED = re.compile(r'href="(/analyses/generated/[0-9a-f-]{36})"')


def pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


async def test_the_figures_home_page_links_the_months_analysis_and_the_links_download(
    stack: StackSettings, signed_in_client
):
    client = await signed_in_client("county.officer")
    month = "2003-03"
    home = await client.get(f"{stack.portal_url}/", params={"month": month})
    assert home.status_code == 200
    assert "下载月度分析（PDF）" in home.text and "下载月度分析（Excel）" in home.text
    assert f'href="/analyses/{month}.pdf"' in home.text and f'href="/analyses/{month}.xlsx"' in home.text

    pdf = await client.get(f"{stack.portal_url}/analyses/{month}.pdf")
    assert pdf.status_code == 200, pdf.text[:300]
    assert pdf.headers["content-type"] == PDF and "no-store" in pdf.headers["cache-control"]
    assert "2003年3月信访形势分析" in pdf_text(pdf.content)
    xlsx = await client.get(f"{stack.portal_url}/analyses/{month}.xlsx")
    assert xlsx.status_code == 200 and xlsx.headers["content-type"] == XLSX
    assert "总体情况" in load_workbook(io.BytesIO(xlsx.content)).sheetnames


async def test_the_analyses_page_lists_the_generated_ones_and_each_downloads(
    stack: StackSettings, signed_in_client
):
    client = await signed_in_client("county.leader")
    listed = await client.get(f"{stack.portal_url}/analyses")
    assert listed.status_code == 200
    assert "月度信访形势分析" in listed.text and 'id="analysis-pdf"' in listed.text
    assert f'href="/analyses/{last_month()}.pdf"' in listed.text  # the last month by default
    assert 'href="/analyses"' in listed.text  # in the menu
    # The stack's worker generates the last month's set when it starts (the tests of reporting one more).
    links = GENERATED.findall(listed.text)
    assert links, "no generated analysis is listed"
    got = await client.get(f"{stack.portal_url}{links[0]}")
    assert got.status_code == 200 and got.headers["content-type"] in (PDF, XLSX)
    assert (await client.get(f"{stack.portal_url}/analyses/2003-3.pdf")).status_code == 404


async def test_a_township_leader_downloads_their_own_and_a_liaison_none(stack: StackSettings, signed_in_client):
    leader = await signed_in_client("dajiahe.leader")
    pdf = await leader.get(f"{stack.portal_url}/analyses/2003-03.pdf")
    assert pdf.status_code == 200
    assert "dajiahe2003年3月信访形势分析" in pdf_text(pdf.content)
    liaison = await signed_in_client("dajiahe.liaison")
    assert (await liaison.get(f"{stack.portal_url}/analyses")).status_code == 403
    assert (await liaison.get(f"{stack.portal_url}/analyses/2003-03.pdf")).status_code == 403
