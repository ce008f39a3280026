"""What the bag holds and how it is laid out: BagIt (RFC 8493), DA/T 22 numbering and
catalogue, the history, and the same bytes for the same content."""

import hashlib
import io
import json
import re
import zipfile

import pytest

from archive.bag import steady_office, verify_bag
from archive.models import PackageStatus
from documents.compile import page_count
from documents.xlsx import read_sheet

from .conftest import unpack


def _manifest(text: bytes) -> dict[str, str]:
    lines = text.decode("utf-8").splitlines()
    return {path: digest for digest, path in (line.split("  ", 1) for line in lines)}


def _bag_info(text: bytes) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.decode("utf-8").splitlines())


def test_every_payload_checksum_in_the_manifest_matches_and_every_payload_file_is_listed(archive):
    package = archive()
    assert package.status == PackageStatus.DONE, package.error
    files = unpack(package)
    manifest = _manifest(files["manifest-sha256.txt"])
    payload = {path for path in files if path.startswith("data/")}
    assert set(manifest) == payload
    for path, digest in manifest.items():
        assert hashlib.sha256(files[path]).hexdigest() == digest, path
    assert package.sha256 == hashlib.sha256(package.file.storage.open(package.file.name).read()).hexdigest()


def test_the_tag_manifest_covers_the_tag_files_and_bag_info_says_who_when_and_how_much(archive, meeting):
    package = archive()
    files = unpack(package)
    tags = _manifest(files["tagmanifest-sha256.txt"])
    assert set(tags) == {"bagit.txt", "bag-info.txt", "manifest-sha256.txt"}
    for path, digest in tags.items():
        assert hashlib.sha256(files[path]).hexdigest() == digest, path
    assert files["bagit.txt"] == b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    info = _bag_info(files["bag-info.txt"])
    payload = [p for p in files if p.startswith("data/")]
    assert info["Payload-Oxum"] == f"{sum(len(files[p]) for p in payload)}.{len(payload)}"
    assert info["Source-Organization"] == meeting.organization.name
    assert info["External-Identifier"] == str(meeting.pk)
    assert info["Bagging-Date"] == meeting.stage_changes.get(to_stage="archived").at.astimezone().date().isoformat()
    assert info["Bag-Size"].endswith("KB") or info["Bag-Size"].endswith("MB")


def test_items_are_numbered_in_the_order_of_the_cycle_each_document_as_pdf_and_its_other_formats(archive):
    files = unpack(archive())
    items = sorted(p for p in files if p.startswith("data/0"))
    assert items == [
        "data/0001-工作方案.docx",
        "data/0001-工作方案.pdf",
        "data/0002-整改落实情况报告.docx",
        "data/0002-整改落实情况报告.pdf",
        "data/0003-整改清单.xlsx",  # a table: Excel only, as its type prints it
        "data/0004-整改佐证：现场照片.png",
        "data/0005-整改佐证：制度文件.pdf",
    ]
    assert files["data/0004-整改佐证：现场照片.png"].startswith(b"\x89PNG")
    # Excel cells stay text, even one that looks like a formula.
    _headers, rows = read_sheet(files["data/0003-整改清单.xlsx"], sheet_title="整改清单", max_rows=10)
    assert rows[0][1][1] == "=SUM(A1)"


def test_the_catalogue_lists_every_document_file_with_its_page_count_in_excel_and_json(archive):
    files = unpack(archive())
    headers, rows = read_sheet(files["data/归档文件目录.xlsx"], sheet_title="归档文件目录", max_rows=100)
    assert headers[:6] == ["件号", "阶段", "责任者", "题名", "日期", "页数"]
    listed = {}
    for _row_number, (number, phase, author, title, day, pages, names, note) in rows:
        for name in names.split("；"):
            listed[f"data/{name}"] = (number, title, day, pages)
    items = {p for p in files if p.startswith("data/0")}
    assert set(listed) == items
    for path in items:
        number, _title, day, pages = listed[path]
        assert path.startswith(f"data/{number}-")
        assert len(day) == 8 and day.isdigit()
        if path.endswith(".pdf"):
            assert pages == str(page_count(files[path])), path
    assert int(listed["data/0002-整改落实情况报告.pdf"][3]) >= 2
    assert listed["data/0005-整改佐证：制度文件.pdf"][3] == "3"
    assert listed["data/0004-整改佐证：现场照片.png"][3] == "1"
    assert listed["data/0002-整改落实情况报告.pdf"][2] == "20260315"

    history = json.loads(files["data/history.json"])
    in_json = {f["path"]: (entry["number"], entry["pages"], f["sha256"])
               for entry in history["catalogue"] for f in entry["files"]}
    assert set(in_json) == items
    assert in_json["data/0002-整改落实情况报告.pdf"][1] >= 2
    assert all(hashlib.sha256(files[p]).hexdigest() == in_json[p][2] for p in items)
    assert page_count(files["data/归档文件目录.pdf"]) >= 1


def test_the_history_of_every_decision_is_in_the_bag_as_json_and_as_pdf(archive):
    files = unpack(archive())
    history = json.loads(files["data/history.json"])
    decisions = {(p["phase"], d["what"], d["who"], d["comment"]) for p in history["phases"] for d in p["decisions"]}
    assert decisions == {
        ("工作方案", "提交方案报审", "王办公", ""),
        ("工作方案", "批准方案", "赵督导", "同意"),
        ("整改落实", "审核通过：班子整改清单", "张书记", "抓紧落实"),
    }
    assert history["phases"][0]["decisions"][1]["at"].startswith("2026-01-12T09:00:00")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(files["data/办理过程记录.pdf"])).pages)
    assert "批准方案" in text and "抓紧落实" in text


@pytest.fixture
def later(monkeypatch):
    """Every clock the Office writers and zipfile read, three days on."""
    import datetime as real_datetime
    import time

    import openpyxl.packaging.core as core

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3 * 86400)

    class LaterDatetime(real_datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return real_datetime.datetime.now(tz) + real_datetime.timedelta(days=3)

    class LaterModule:
        datetime = LaterDatetime
        timezone = real_datetime.timezone

    monkeypatch.setattr(core, "datetime", LaterModule)


def test_the_same_content_packed_again_days_later_gives_the_same_bytes(archive, finished, request):
    from archive.services import bag_write, bagging_date, contents_gather

    package = archive()
    first = package.file.storage.open(package.file.name).read()
    request.getfixturevalue("later")  # the clocks move on only now
    day = bagging_date(finished)
    again = io.BytesIO()
    bag_write(again, meeting=finished, contents=contents_gather(meeting=finished, day=day), day=day)
    assert again.getvalue() == first


def test_office_files_are_steadied_whenever_they_were_written():
    from datetime import date

    from documents.content import OfficialDocument, Paragraph
    from documents.render import document_docx

    made = document_docx(OfficialDocument(title="题", blocks=[Paragraph("文")]))
    assert b"<dcterms:modified" in zipfile.ZipFile(io.BytesIO(made)).read("docProps/core.xml")
    moved = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(made)) as source, zipfile.ZipFile(moved, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2031-05-06T07:08:10Z", content)
            target.writestr(zipfile.ZipInfo(item.filename, date_time=(2031, 5, 6, 7, 8, 10)), content)
    day = date(2026, 3, 1)
    assert moved.getvalue() != made
    assert steady_office(moved.getvalue(), day) == steady_office(made, day)


def test_verify_bag_finds_a_changed_file_a_missing_one_and_one_not_in_the_manifest(archive):
    package = archive()
    data = package.file.storage.open(package.file.name).read()
    assert verify_bag(io.BytesIO(data)) == []

    def rebuilt(change):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                content = change(item.filename, source.read(item))
                if content is not None:
                    target.writestr(item, content)
            if change("extra", None) is not None:
                target.writestr(f"meeting-{package.meeting_id}/data/extra.txt", b"x")
        return io.BytesIO(out.getvalue())

    changed = rebuilt(lambda name, c: c.replace(b"%%EOF", b"%%EOX") if name.endswith("0001-工作方案.pdf") else c)
    assert verify_bag(changed) == ["文件“data/0001-工作方案.pdf”的内容与清单记录的校验值不符"]
    missing = rebuilt(lambda name, c: None if name.endswith("0004-整改佐证：现场照片.png") else c)
    assert verify_bag(missing) == ["清单列出的文件“data/0004-整改佐证：现场照片.png”不在包中"]
    extra = rebuilt(lambda name, c: b"" if name == "extra" else c)
    assert verify_bag(extra) == ["文件“data/extra.txt”不在清单中"]
    assert verify_bag(io.BytesIO(b"not a zip")) == ["文件不是有效的ZIP归档包"]
