"""The report as CSV (one file per table) and as a PDF for the Board's papers."""

from __future__ import annotations

import csv
import importlib
import io

from django.template.loader import render_to_string
from django.utils import timezone

from escalate.reports.board import BoardReport
from escalate.reports.tables import Cell, Table

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell.startswith(_FORMULA):
        return "'" + cell
    return cell


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if cell is None else _safe(cell) for cell in row])
    return out.getvalue()


def csv_filename(report: BoardReport, table: Table) -> str:
    return f"{report.partnership.slug}-{table.key}-{report.period.slug}.csv"


def report_pdf(report: BoardReport) -> bytes:
    """The whole report, every table with its chart, as a PDF (WeasyPrint)."""
    # Loaded here, as it is slow to load; through importlib, as it has no type information.
    weasyprint = importlib.import_module("weasyprint")
    html = render_to_string(
        "reports/board_pdf.html", {"report": report, "made_at": timezone.localtime()}
    )
    pdf: bytes = weasyprint.HTML(string=html).write_pdf(pdf_tags=True)  # headings, tables
    return pdf


def pdf_filename(report: BoardReport) -> str:
    return f"{report.partnership.slug}-report-to-the-board-{report.period.slug}.pdf"
