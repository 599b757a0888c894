"""The personal-data export as a PDF in Vietnamese that an officer can hand to the worker.

Set in DejaVu Sans (Debian's ``fonts-dejavu-core``, installed in the image), which has every
Vietnamese letter; the font directory is a setting.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shared.consent import PURPOSE_NAMES_VI
from shared.contracts.common import ConsentPurpose
from shared.privacy.export import PersonalDataExport

TITLE = "Dữ liệu cá nhân của người lao động"
SERVICES_VI = {
    "intake": "Tiếp nhận hồ sơ",
    "training": "Đào tạo",
    "deployment": "Đưa đi làm việc ở nước ngoài",
    "aftercare": "Hỗ trợ trong và sau thời gian làm việc",
}
MISSING_VI = {
    "not_configured": "chưa được cấu hình",
    "unavailable": "không phản hồi",
    "not_permitted": "không cho phép người yêu cầu xem",
    "failed": "gặp lỗi",
}
FONT = "DejaVuSans"


def _purposes(purposes: list[str]) -> str:
    known = {p.value: PURPOSE_NAMES_VI[p] for p in ConsentPurpose}
    return "; ".join(known.get(p, p) for p in purposes)


def _lines(data: Any, indent: int = 0) -> list[str]:
    """The record as indented ``field: value`` lines."""
    pad = "  " * indent
    if isinstance(data, dict):
        lines = []
        for key, value in data.items():
            if isinstance(value, dict | list) and value:
                lines.append(f"{pad}{key}:")
                lines += _lines(value, indent + 1)
            else:
                lines.append(f"{pad}{key}: {_scalar(value)}")
        return lines
    if isinstance(data, list):
        lines = []
        for n, value in enumerate(data, start=1):
            if isinstance(value, dict | list):
                lines.append(f"{pad}- {n}:")
                lines += _lines(value, indent + 1)
            else:
                lines.append(f"{pad}- {_scalar(value)}")
        return lines
    return [f"{pad}{_scalar(data)}"]


def _scalar(value: Any) -> str:
    if value is None:
        return "(không có)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render_pdf(export: PersonalDataExport, font_dir: Path) -> bytes:
    """The export as a PDF document: a heading, who asked and when, then each piece with where
    it lives, its purposes and retention, and the record's fields."""
    from fpdf import FPDF  # here, not at import: it is slow to load and exports are rare

    pdf = FPDF(format="A4")
    pdf.set_title(TITLE)
    pdf.add_font(FONT, "", str(font_dir / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(font_dir / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.epw

    def text(line: str, size: float = 9, style: str = "") -> None:
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(width, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")

    text(TITLE, 16, "B")
    pdf.ln(2)
    text(f"Mã người lao động: {export.worker_id}", 10)
    text(f"Thời điểm trích xuất: {export.exported_at.isoformat()}", 10)
    text(f"Cán bộ trích xuất: {export.exported_by}", 10)
    if export.complete:
        text("Bản trích xuất đầy đủ từ mọi dịch vụ.", 10)
    else:
        text("Bản trích xuất CHƯA ĐẦY ĐỦ:", 10, "B")
        for missing in export.missing:
            reason = MISSING_VI.get(missing.reason.value, missing.reason.value)
            text(f"- {SERVICES_VI.get(missing.service, missing.service)}: {reason}", 10)
    for service in export.holds_nothing:
        text(f"{SERVICES_VI.get(service, service)}: không lưu dữ liệu nào về người lao động.", 10)
    for piece in export.pieces:
        pdf.ln(3)
        text(f"{SERVICES_VI.get(piece.service, piece.service)} ({piece.service})", 12, "B")
        text(f"Nơi lưu: {piece.where}. Nội dung: {piece.what}")
        text(f"Mục đích xử lý: {_purposes(piece.purposes)}")
        text(f"Thời hạn lưu trữ: {piece.retention}")
        pdf.ln(1)
        for line in _lines(piece.data):
            text(line, 8)
    return bytes(pdf.output())
