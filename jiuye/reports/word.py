"""Word (.docx) building blocks shared by the report builders (python-docx).

Chinese text needs its own font slot: Word picks the font of CJK characters from `w:rFonts/@w:eastAsia`, and the
default template leaves it to the theme, so a document written with python-docx alone shows Chinese in whatever
the reader's Word falls back to. `document_new` sets 宋体 for body text and 黑体 for headings in the styles (Latin
text and digits in Times New Roman), as official documents are usually set.
"""

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(element, *, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and East Asian fonts of a style's or a run's properties, dropping the theme's."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def document_new(*, title: str, author: str = "jiuye") -> DocumentObject:
    """A document with Chinese fonts in the Normal, Title and Heading 1–2 styles."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)  # 五号
    set_fonts(normal.element, east_asia=BODY_FONT)
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element, east_asia=HEADING_FONT)
    return document


def add_table(
    document: DocumentObject,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    numeric_from: int = 1,
    font_size: float = 9,
) -> None:
    """A grid table with a bold header row; columns from `numeric_from` on are right-aligned (numbers, rates)."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, header, bold=True, size=font_size, align=WD_ALIGN_PARAGRAPH.CENTER)
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index >= numeric_from else WD_ALIGN_PARAGRAPH.LEFT
            _cell_text(cell, str(value), size=font_size, align=align)


def _cell_text(cell, text: str, *, bold: bool = False, size: float, align) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def document_bytes(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
