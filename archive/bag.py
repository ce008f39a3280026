"""BagIt bags (RFC 8493) serialised as ZIP files, and their verification.

A bag is a folder: `bagit.txt` (the version), `bag-info.txt` (who, when, how much),
`data/` (the payload), `manifest-sha256.txt` (one checksum per payload file) and
`tagmanifest-sha256.txt` (one per tag file). Serialised, it is one top-level folder in the
ZIP (RFC 8493 §4.2).

The ZIP is deterministic: its entries come in the order they are added, each with the
same fixed timestamp and attributes, and Office files made inside it (Word, Excel) have
their own ZIP timestamps and `docProps/core.xml` dates fixed the same way (`steady_office`),
so the same content makes the same bytes whenever it is packed.
"""

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from datetime import date

BAGIT_VERSION = "1.0"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a ZIP can say
# Already compressed: stored as they are (deflating them again costs time and gains nothing).
STORED_SUFFIXES = {".pdf", ".docx", ".xlsx", ".zip", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp3", ".mp4"}
CHUNK = 1024 * 1024


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    info.compress_type = zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, wherever it runs
    info.external_attr = 0o644 << 16
    return info


def manifest_path(path: str) -> str:
    """A path as a manifest line writes it (RFC 8493 §2.1.3: CR, LF and % encoded)."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _unmanifest_path(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0d", "\r").replace("%0A", "\n").replace("%0a", "\n").replace("%25", "%")


def human_size(octets: int) -> str:
    size = float(octets)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def _label_value(value: str) -> str:
    return " ".join(str(value).split())  # one line per label


class BagWriter:
    """Write a bag into a ZIP file object: `add` each payload file, then `close(info)`."""

    def __init__(self, fileobj, root: str):
        self.zip = zipfile.ZipFile(fileobj, "w", allowZip64=True)
        self.root = root
        self.manifest: list[tuple[str, str]] = []  # (sha256, path in the bag)
        self.octets = 0
        self._paths: set[str] = set()

    def _write(self, path: str, data: bytes) -> str:
        if path in self._paths:
            raise ValueError(f"duplicate path in bag: {path}")
        self._paths.add(path)
        self.zip.writestr(_entry(f"{self.root}/{path}"), data)
        return hashlib.sha256(data).hexdigest()

    def add(self, path: str, data: bytes) -> str:
        """Add a payload file (`path` under data/); returns its SHA-256."""
        digest = self._write(f"data/{path}", data)
        self.manifest.append((digest, f"data/{path}"))
        self.octets += len(data)
        return digest

    def discard(self) -> None:
        """Close the ZIP of a bag that will not be finished (its file is thrown away)."""
        self.zip.close()

    def close(self, info: Iterable[tuple[str, str]]) -> None:
        """The tag files, then the ZIP's directory. `info`: bag-info.txt's labels, to which
        Payload-Oxum and Bag-Size are added."""
        tags = []
        bagit = f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n"
        tags.append(("bagit.txt", self._write("bagit.txt", bagit.encode("utf-8"))))
        lines = [f"{label}: {_label_value(value)}" for label, value in info]
        lines.append(f"Payload-Oxum: {self.octets}.{len(self.manifest)}")
        lines.append(f"Bag-Size: {human_size(self.octets)}")
        tags.append(("bag-info.txt", self._write("bag-info.txt", ("\n".join(lines) + "\n").encode("utf-8"))))
        manifest = "".join(f"{digest}  {manifest_path(path)}\n" for digest, path in self.manifest)
        tags.append(("manifest-sha256.txt", self._write("manifest-sha256.txt", manifest.encode("utf-8"))))
        tagmanifest = "".join(f"{digest}  {path}\n" for path, digest in tags)
        self._write("tagmanifest-sha256.txt", tagmanifest.encode("utf-8"))
        self.zip.close()


_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def steady_office(data: bytes, day: date) -> bytes:
    """A Word or Excel file with its inner timestamps fixed: every ZIP entry at FIXED_TIME
    and the document's created/modified dates at `day` (python-docx and openpyxl write the
    clock's time into both), the rest byte for byte as it was."""
    stamp = f"{day:%Y-%m-%d}T00:00:00Z".encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "docProps/core.xml":
                content = _CORE_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            entry = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


# --- verification ---------------------------------------------------------------------


UNREADABLE = (zipfile.BadZipFile, zlib.error, OSError, EOFError)


def _hash_member(archive: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with archive.open(name) as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _read_manifest(archive: zipfile.ZipFile, name: str, problems: list[str]) -> list[tuple[str, str]]:
    entries = []
    for number, line in enumerate(archive.read(name).decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split(maxsplit=1)
        if len(parts) != 2:
            problems.append(f"{name.rsplit('/', 1)[-1]}第{number}行格式不对")
            continue
        entries.append((parts[0].lower(), _unmanifest_path(parts[1])))
    return entries


def bag_root(names: list[str]) -> str | None:
    roots = {name.split("/", 1)[0] for name in names}
    return roots.pop() if len(roots) == 1 else None


def verify_bag(fileobj) -> list[str]:
    """Check a serialised bag against its own manifests; returns what is wrong (in Chinese,
    for the person), empty when every checksum matches and nothing is missing or extra."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except zipfile.BadZipFile:
        return ["文件不是有效的ZIP归档包"]
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        root = bag_root(names)
        if root is None:
            return ["归档包应只有一个顶层文件夹"]
        problems: list[str] = []
        present = set(names)
        for tag in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"):
            if f"{root}/{tag}" not in present:
                problems.append(f"缺少“{tag}”")
        if problems:
            return problems
        try:
            checks = [
                (_read_manifest(archive, f"{root}/manifest-sha256.txt", problems), "文件"),
                (_read_manifest(archive, f"{root}/tagmanifest-sha256.txt", problems), "标签文件"),
            ]
            listed, octets = set(), 0
            for entries, what in checks:
                for expected, path in entries:
                    name = f"{root}/{path}"
                    if name not in present:
                        problems.append(f"清单列出的{what}“{path}”不在包中")
                        continue
                    try:
                        actual, size = _hash_member(archive, name)
                    except UNREADABLE:  # a changed byte breaks the entry's CRC or its stream
                        problems.append(f"{what}“{path}”已损坏，无法读出")
                        continue
                    if actual != expected:
                        problems.append(f"{what}“{path}”的内容与清单记录的校验值不符")
                    if what == "文件":
                        listed.add(name)
                        octets += size
            for name in sorted(present):
                if name.startswith(f"{root}/data/") and name not in listed:
                    problems.append(f"文件“{name[len(root) + 1:]}”不在清单中")
            oxum = _bag_info(archive, root).get("Payload-Oxum", "")
            if oxum and not problems and oxum != f"{octets}.{len(listed)}":
                problems.append(f"bag-info.txt记录的载荷为{oxum}（字节数.文件数），实际为{octets}.{len(listed)}")
        except (*UNREADABLE, UnicodeDecodeError) as exc:
            problems.append(f"归档包已损坏，无法读出（{exc.__class__.__name__}）")
        return problems


def _bag_info(archive: zipfile.ZipFile, root: str) -> dict[str, str]:
    info = {}
    for line in archive.read(f"{root}/bag-info.txt").decode("utf-8").splitlines():
        label, sep, value = line.partition(":")
        if sep:
            info[label.strip()] = value.strip()
    return info
