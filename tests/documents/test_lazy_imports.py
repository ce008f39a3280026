"""What a process that only exports Excel loads: not python-docx."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The Excel export path as a worker or a view walks it: the app set up, its URLs, the
# renderers and the 汇总表's builder, then one workbook written.
EXCEL_ONLY = """
import sys
import django
django.setup()
import config.urls
from documents.render import RENDERERS
from documents.content import Spreadsheet
from feedback.documents import opinion_table
RENDERERS["xlsx"](Spreadsheet(title="表", sheets=lambda: [("表", ["序号"], [["1"]])], version="1"))
print(sorted(name for name in sys.modules if name == "docx" or name.startswith("docx.")))
"""


def test_exporting_excel_does_not_import_python_docx():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    out = subprocess.run(
        [sys.executable, "-c", EXCEL_ONLY], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_writing_word_still_works_after_the_lazy_import():
    import io

    from docx import Document

    from documents.content import OfficialDocument, Paragraph
    from documents.render import document_docx

    word = Document(io.BytesIO(document_docx(OfficialDocument(title="通知", blocks=[Paragraph("正文。")]))))
    assert [p.text for p in word.paragraphs if p.text] == ["通知", "正文。"]
