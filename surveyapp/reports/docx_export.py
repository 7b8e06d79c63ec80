"""The report as a Word document (python-docx) a coordinator can edit."""

from __future__ import annotations

from io import BytesIO

from docx import Document

from surveyapp.reports.document import ReportDocument

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def to_docx(report: ReportDocument) -> bytes:
    """The DOCX bytes: title, period, and each section's heading, paragraphs and tables."""
    document = Document()
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.period)
    for section in report.sections:
        document.add_heading(section.heading, level=1)
        for text in section.paragraphs:
            document.add_paragraph(text)
        for table in section.tables:
            document.add_paragraph(table.caption, style="Caption")
            grid = document.add_table(rows=1, cols=len(table.header), style="Table Grid")
            for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
                cell.text = text
            for row in table.rows:
                for cell, text in zip(grid.add_row().cells, row, strict=True):
                    cell.text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()
