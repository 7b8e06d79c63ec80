"""The report as a Word document (python-docx) a coordinator can edit."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Cm

from surveyapp.reports.document import Figure, ReportDocument
from surveyapp.reports.png import png_size, svg_to_png

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_WIDTH, MAX_HEIGHT = Cm(16), Cm(20)  # inside an A4 page's default margins


def add_figure(document: DocxDocument, figure: Figure) -> None:
    """The figure's SVG as an inline PNG at most the text's width and 20 cm high, with its text
    alternative (``descr``) and its caption below."""
    png = svg_to_png(figure.svg)
    width, height = png_size(png)
    if height * MAX_WIDTH > width * MAX_HEIGHT:
        shape = document.add_picture(BytesIO(png), height=MAX_HEIGHT)
    else:
        shape = document.add_picture(BytesIO(png), width=MAX_WIDTH)
    shape._inline.docPr.set("descr", figure.desc)  # python-docx has no API for alt text
    document.add_paragraph(figure.caption, style="Caption")


def to_docx(report: ReportDocument) -> bytes:
    """The DOCX bytes: title, period, and each section's heading, paragraphs, figures (as
    PNG) and tables."""
    document = Document()
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.period)
    for section in report.sections:
        document.add_heading(section.heading, level=1)
        for text in section.paragraphs:
            document.add_paragraph(text)
        for figure in section.figures:
            add_figure(document, figure)
        for table in section.tables:
            document.add_paragraph(table.caption, style="Caption")
            # every row made at once: add_row copies the table's XML each time
            grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header),
                                      style="Table Grid")
            for shown, texts in zip(grid.rows, [table.header, *table.rows], strict=True):
                for cell, text in zip(shown.cells, texts, strict=True):
                    cell.text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()
