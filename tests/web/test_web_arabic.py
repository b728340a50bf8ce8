"""The REST API in Arabic: the dashboard page, the charts and headline, the sliders and the report."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient


def test_dashboard_page_in_arabic(client: TestClient) -> None:
    page = client.get("/?lang=ar&digits=arab")
    assert page.status_code == 200 and page.headers["content-language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "المحرّكات الرئيسية" in page.text and "Key drivers" not in page.text
    found = re.search(r'<script type="application/json" id="i18n">(.*?)</script>', page.text, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert (data["lang"], data["dir"], data["digits"], data["intl"]) == ("ar", "rtl", "arab", "ar-u-nu-arab")
    assert data["plural"] == ["zero", "one", "two", "few", "many", "other"]
    assert data["messages"]["enter a number"] == "أدخل رقمًا"
    assert len(data["messages"]["{n} problem."]) == 6  # one form per plural category
    assert '<html lang="en" dir="ltr">' in client.get("/").text


def test_unknown_language(client: TestClient) -> None:
    assert client.get("/?lang=fr").status_code == 400
    assert client.post("/api/charts", json={"scenario": "openai-2025", "samples": 100, "lang": "fr"}).status_code == 422


def test_charts_and_headline_in_arabic(client: TestClient, toy_text: str) -> None:
    body = {"text": toy_text, "samples": 300, "charts": ["fan_revenue_total"], "lang": "ar", "digits": "arab"}
    data = client.post("/api/charts", json=body).json()
    fan = data["charts"][0]["figure"]
    assert fan["layout"]["title"]["text"] == "\u2067الإيرادات\u2069"  # read right to left
    assert fan["layout"]["title"]["xanchor"] == "right" and fan["layout"]["separators"] == "٫٬"
    assert data["headline"]["sentences"][0].startswith("في نصف ٣٠٠ مسار محاكى")
    english = client.post("/api/charts", json={**body, "lang": "en", "digits": "latn"}).json()
    assert english["charts"][0]["figure"]["layout"]["title"]["text"] == "Revenue"  # not the cached Arabic


def test_controls_in_arabic(client: TestClient) -> None:
    data = client.get("/api/scenarios/openai-2025/controls?lang=ar").json()
    paying = next(c for c in data["controls"] if c["path"].startswith("consumer.paying_share"))
    assert paying["label"].startswith("حصة المستخدمين المشتركين") and paying["section"] == "الطلب"
    assert paying["unit"] == "fraction" and paying["display_unit"] == "%"
    money = next(c for c in data["controls"] if c["unit"] == "USD/GW")
    assert money["display_unit"] == "مليار $ لكل جيجاواط"
    # a tooltip is the field's meaning in Arabic, or (no translation yet) its dotted path, never English prose
    assert all(c["path"].startswith(c["help"]) or re.search("[\u0600-\u06ff]", c["help"]) for c in data["controls"])


def test_report_in_arabic(client: TestClient) -> None:
    page = client.get("/api/report?scenario=openai-2025&samples=200&lang=ar&download=true")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "--lang ar" in page.text


def test_problems_of_a_scenario_in_arabic(client: TestClient) -> None:
    text = "name: x\nhorizon: {start: 2025, end: 2030}\nconsumr: 3\n"
    data = client.post("/api/validate?lang=ar", json={"text": text}).json()
    problem = data["problems"][0]
    assert problem["message"].startswith("حقل غير معروف \u2068'consumr'\u2069 (هل تقصد \u2068'consumer'\u2069؟)")
    assert problem["path"] == "consumr" and problem["line"] == 3  # the user's names and places as they are
    assert problem["text"] == f"<text>:3:1: consumr: {problem['message']}"
    english = client.post("/api/validate", json={"text": text}).json()["problems"][0]
    assert english["message"].startswith("unknown field 'consumr' (did you mean 'consumer'?)")
    # a run refused for its scenario: the sentence around the problems is translated too
    refused = client.post("/api/charts", json={"text": text + "streams: []\n", "samples": 100, "lang": "ar"})
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail.startswith("السيناريو غير صالح: حقل غير معروف") and "'consumr'" in detail


def test_slider_tooltips_name_the_field(client: TestClient) -> None:
    english = client.get("/api/scenarios/openai-2025/controls").json()["controls"]
    users = next(c for c in english if c["path"] == "consumer.users.ceiling")
    assert users["help"].endswith("\nconsumer.users.ceiling") and len(users["help"]) > len("consumer.users.ceiling") + 5
    arabic = client.get("/api/scenarios/openai-2025/controls?lang=ar").json()["controls"]
    assert all(c["path"] in c["help"] for c in arabic)
    users = next(c for c in arabic if c["path"] == "consumer.users.ceiling")  # a curated driver: its meaning too
    assert users["help"] == ("المستخدمون المنتظمون (النشطون أسبوعيًا) من المستهلكين؛ عادةً منحنى S لوجستي.\n"
                             "\u2068consumer.users.ceiling\u2069")
