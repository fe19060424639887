"""Offer screenshots drawn with Pillow and a real CJK font, with the fields each one shows.

Shared by the tests and ``bench/ocr.py``. Every screen is 1080 px wide, the
width of a common phone screenshot, and imitates one layout a lender's app uses.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

WIDTH = 1080
# Unyeared dates on the screens (01月04日) are read relative to this day.
TODAY = date(2026, 12, 1)
_KNOWN_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # index 2 = Simplified Chinese
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
)


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, int] | None:
    """(file, face index) of an installed font that covers Simplified Chinese, or None."""
    if shutil.which("fc-list"):
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "file", "index", "family"], capture_output=True, text=True, timeout=30,
        ).stdout
        fonts = []
        for row in out.splitlines():
            path, _, rest = row.partition(": ")
            if not path.endswith((".ttc", ".otf", ".ttf")):
                continue
            index = int(rest.rsplit("index=", 1)[1]) if "index=" in rest else 0
            # Prefer the regular Simplified Chinese sans face: the glyphs a Chinese app shows.
            rank = ("Sans CJK SC" not in rest, "Mono" in rest, "Bold" in path or "Light" in path, path)
            fonts.append((rank, path, index))
        if fonts:
            _, path, index = min(fonts)
            return path, index
    for path, index in _KNOWN_FONTS:
        if Path(path).exists():
            return path, index
    return None


@lru_cache(maxsize=16)
def font_at(size: int) -> ImageFont.FreeTypeFont:
    """The CJK font at ``size`` px; RuntimeError when none is installed."""
    found = cjk_font()
    if found is None:
        raise RuntimeError("no CJK font installed (Debian: apt-get install fonts-noto-cjk)")
    return ImageFont.truetype(found[0], size, index=found[1])


@dataclass
class Theme:
    background: tuple[int, int, int]
    text: tuple[int, int, int]
    muted: tuple[int, int, int]
    accent: tuple[int, int, int]
    rule: tuple[int, int, int]


LIGHT = Theme((255, 255, 255), (33, 33, 33), (128, 128, 128), (255, 102, 0), (230, 230, 230))
DARK = Theme((18, 18, 18), (235, 235, 235), (150, 150, 150), (255, 140, 50), (50, 50, 50))


class Canvas:
    """A phone screen drawn top to bottom: a title bar, then rows, then a button."""

    def __init__(self, height: int, theme: Theme, title: str = "确认借款信息") -> None:
        self.theme = theme
        self.image = Image.new("RGB", (WIDTH, height), theme.background)
        self.draw = ImageDraw.Draw(self.image)
        self.draw.text((WIDTH // 2, 70), title, fill=theme.text, font=font_at(46), anchor="mm")
        self.draw.line((0, 140, WIDTH, 140), fill=theme.rule, width=2)
        self.y = 190

    def line(self, text: str, size: int = 40, color: tuple[int, int, int] | None = None) -> None:
        """One line of text at the left margin: label and value together."""
        self.draw.text((60, self.y), text, fill=color or self.theme.text, font=font_at(size))
        self.y += size + 50

    def row(self, label: str, value: str) -> None:
        """Label on the left, value right-aligned at the same height (two columns)."""
        self.draw.text((60, self.y), label, fill=self.theme.muted, font=font_at(38))
        self.draw.text((WIDTH - 60, self.y), value, fill=self.theme.text, font=font_at(38), anchor="ra")
        self.draw.line((60, self.y + 78, WIDTH - 60, self.y + 78), fill=self.theme.rule, width=2)
        self.y += 110

    def stacked(self, label: str, value: str, x: int = 60) -> None:
        """A small grey label with the big value under it (a card)."""
        self.draw.text((x, self.y), label, fill=self.theme.muted, font=font_at(32))
        self.draw.text((x, self.y + 56), value, fill=self.theme.text, font=font_at(60))

    def pair(self, left: tuple[str, str], right: tuple[str, str]) -> None:
        """Two stacked cards side by side."""
        self.stacked(*left, x=60)
        self.stacked(*right, x=580)
        self.y += 190

    def button(self, text: str) -> None:
        y = self.image.height - 200
        self.draw.rounded_rectangle((60, y, WIDTH - 60, y + 110), radius=55, fill=self.theme.accent)
        self.draw.text((WIDTH // 2, y + 55), text, fill=(255, 255, 255), font=font_at(44), anchor="mm")

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG")
        return out.getvalue()


@dataclass
class Screen:
    """A drawn screenshot and the fields ``extract_fields`` must read from it."""

    name: str
    make: Callable[[], bytes]
    fields: dict
    first_due_date: date | None = None
    warnings: set[str] = field(default_factory=set)

    @property
    def png(self) -> bytes:
        return _png(self.name)


def _stated_apr_understated() -> bytes:
    # DOMAIN.md's trap: 日利率 0.04% ×365 = 14.60% "年化", but 300 deducted at payout
    # makes the money received cost about 20.5% a year.
    c = Canvas(1600, LIGHT)
    for text in ("借款金额 10,000.00元", "借款期限 12期", "还款方式 等额本息", "日利率 0.04%",
                 "年化利率(单利) 14.60%", "服务费 300元（放款时扣除）", "到账金额 9,700.00元",
                 "每期还款 900.70元", "首期还款日 2027-01-04"):
        c.line(text)
    c.button("确认借款")
    return c.png()


def _two_columns() -> bytes:
    c = Canvas(1500, LIGHT, title="借款详情")
    for label, value in (("借款金额", "¥20,000.00"), ("借款期限", "24个月"), ("还款方式", "等额本金"),
                         ("月利率", "0.8%"), ("担保费", "每月15.00元"), ("首次还款日", "2027年3月15日")):
        c.row(label, value)
    c.button("立即借款")
    return c.png()


def _dark() -> bytes:
    c = Canvas(1400, DARK, title="账单分期")
    for label, value in (("分期本金", "1.5万元"), ("分期期数", "分12期"), ("每期手续费率", "0.6%"),
                         ("还款方式", "等本等费"), ("每期应还", "1,340.00元")):
        c.row(label, value)
    c.button("确认分期")
    return c.png()


def _labels_above() -> bytes:
    c = Canvas(1300, LIGHT, title="我的借款")
    c.pair(("借款金额(元)", "50,000"), ("借款期限", "36个月"))
    c.pair(("年化利率(单利)", "7.2%"), ("月供(元)", "300.00"))
    c.line("还款方式：先息后本", size=36, color=LIGHT.muted)
    c.button("查看合同")
    return c.png()


def _full_width() -> bytes:
    c = Canvas(1400, LIGHT)
    for text in ("借款金额：１０，０００元", "借款期限：６个月", "日利率：万分之五", "（一年按360天计息）",
                 "还款方式：到期还本付息", "会员费：９９元", "首期还款日：０７月０４日"):
        c.line(text)
    c.button("确认")
    return c.png()


def _noisy() -> bytes:
    c = Canvas(1400, LIGHT, title="借款确认")
    rng = np.random.default_rng(9)
    # A busy backdrop: soft speckle over a diagonal pattern, like a promotional banner.
    backdrop = rng.normal(235, 14, (c.image.height, WIDTH, 3)).clip(0, 255).astype(np.uint8)
    c.image = Image.fromarray(backdrop)
    c.draw = ImageDraw.Draw(c.image)
    for x in range(-1400, WIDTH, 60):
        c.draw.line((x, 0, x + 1400, 1400), fill=(215, 225, 240), width=6)
    c.draw.text((WIDTH // 2, 70), "借款确认", fill=LIGHT.text, font=font_at(46), anchor="mm")
    for text in ("申请金额 8,000元", "期数 12期", "年化利率 18%", "还款方式 等额本息", "每月应还 733.43元",
                 "实际到账 8,000.00元"):
        c.line(text)
    c.button("下一步")
    return c.png()


def _no_offer() -> bytes:
    c = Canvas(1200, LIGHT, title="消息中心")
    for text in ("欢迎回来，张先生", "您的快递已到达驿站", "今日天气：晴 18℃", "点击查看更多精彩内容"):
        c.line(text)
    return c.png()


SCREENS = [
    Screen(
        "stated_apr_understated", _stated_apr_understated,
        {
            "principal": "10000.00", "term": 12, "repayment": "equal_installment",
            "rate": {"kind": "daily", "percent": "0.04", "day_basis": 365},
            "stated_apr_percent": "14.60", "fees": [{"when": "payout", "amount": "300.00", "label": "服务费"}],
            "received": "9700.00", "installment": "900.70", "start_date": "2026-12-04",
        },
        first_due_date=date(2027, 1, 4), warnings={"rate_and_installment"},
    ),
    Screen(
        "two_columns", _two_columns,
        {
            "principal": "20000.00", "term": 24, "repayment": "equal_principal",
            "rate": {"kind": "monthly", "percent": "0.8", "day_basis": 365},
            "fees": [{"when": "per_period", "amount": "15.00", "label": "担保费"}], "start_date": "2027-02-15",
        },
        first_due_date=date(2027, 3, 15),
    ),
    Screen(
        "dark", _dark,
        {
            "principal": "15000.00", "term": 12, "repayment": "equal_principal_flat_fee",
            "rate": {"kind": "period_fee", "percent": "0.6", "day_basis": 365}, "installment": "1340.00",
        },
        warnings={"rate_and_installment"},
    ),
    Screen(
        "labels_above", _labels_above,
        {
            "principal": "50000.00", "term": 36, "repayment": "interest_only",
            "rate": {"kind": "annual", "percent": "7.2", "day_basis": 365}, "stated_apr_percent": "7.2",
            "installment": "300.00",
        },
        warnings={"rate_and_installment"},
    ),
    Screen(
        "full_width", _full_width,
        {
            "principal": "10000.00", "term": 6, "repayment": "bullet",
            "rate": {"kind": "daily", "percent": "0.05", "day_basis": 360},
            "fees": [{"when": "signing", "amount": "99.00", "label": "会员费"}], "start_date": "2027-06-04",
        },
        first_due_date=date(2027, 7, 4), warnings={"fee_timing_guessed", "date_year_guessed"},
    ),
    Screen(
        "noisy", _noisy,
        {
            "principal": "8000.00", "term": 12, "repayment": "equal_installment",
            "rate": {"kind": "annual", "percent": "18", "day_basis": 365}, "stated_apr_percent": "18",
            "installment": "733.43", "received": "8000.00",
        },
        warnings={"rate_and_installment"},
    ),
]
OFFER_SCREENS = {s.name: s for s in SCREENS}


@cache
def _png(name: str) -> bytes:
    if name == "no_offer":
        return _no_offer()
    return OFFER_SCREENS[name].make()


def no_offer_png() -> bytes:
    return _png("no_offer")
