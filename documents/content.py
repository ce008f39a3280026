"""The content of an official document, independent of its format.

One structure renders to both PDF and Word, so the two always say the same thing.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: 一、（黑体）  2: （一）（楷体）  3: 1.（仿宋加粗）


@dataclass(frozen=True)
class Paragraph:
    text: str
    indent: bool = True


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)  # relative column widths


@dataclass(frozen=True)
class OfficialDocument:
    title: str
    blocks: list
    subtitle: str = ""
    signature: list[str] = field(default_factory=list)  # 落款: issuing body, date

    def fingerprint(self) -> str:
        payload = {
            "title": self.title,
            "subtitle": self.subtitle,
            "signature": self.signature,
            "blocks": [[type(b).__name__, asdict(b)] for b in self.blocks],
        }
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()
