"""One cleaning step for every text a person types into any form of the project.

Text is stored as the person wrote it (opinions are 原汁原味), so nothing here alters text:
a character that does not belong in typed text makes the form refuse it, naming the
character and where it sits, and the person removes it themselves.

Installed on ``forms.CharField`` (and so on every subclass and every model form's text
field) from ``OrganizationsConfig.ready``: a form written tomorrow is covered without
remembering anything.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Bidirectional embeddings, overrides and isolates reorder the text around them: "U+202E"
# makes a name or an opinion read backwards on the office's pages and in exports.
BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# What a browser or Django puts in place of bytes that were not valid UTF-8.
REPLACEMENT = "\ufffd"
ALLOWED_CONTROLS = frozenset("\t\n\r")


def _describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char in BIDI_CONTROLS:
        return f"是改变文字方向的不可见字符 {code}"
    if char == REPLACEMENT:
        return f"是无法识别的字符 {code}（可能是编码错误，请重新输入该处文字）"
    return f"是不可见的控制字符 {code}"


def _is_refused(char: str) -> bool:
    """The rule, one character at a time (the definition `_REFUSED` is held to)."""
    if char in ALLOWED_CONTROLS:
        return False
    if char in BIDI_CONTROLS or char == REPLACEMENT:
        return True
    # Cc: C0/C1 controls (NUL, ESC, DEL…); Cs: lone surrogates, which no encoder can write.
    return unicodedata.category(char) in ("Cc", "Cs")


# `_is_refused` as one character class, searched in C: every text of every post is
# checked, an opinion up to 2000 characters, and the loop above cost a Python call per
# character. Cc is U+0000–001F and U+007F–009F in every Unicode version, Cs is
# U+D800–DFFF; tests/organizations/test_textcheck.py holds the two to the same answer
# for every code point.
_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffd]")


def text_problem(value: str) -> str | None:
    """The message for the first refused character of ``value``, or None if it is clean."""
    found = _REFUSED.search(value)
    if found is None:
        return None
    # Positions count characters (code points), as the string's own indices do.
    return f"第{found.start() + 1}个字符{_describe(found.group())}，请删除后再保存。"


@deconstructible
class TypedTextValidator:
    """Refuses control, direction-override and replacement characters in typed text."""

    code = "odd_character"

    def __call__(self, value):
        if not isinstance(value, str):
            return
        message = text_problem(value)
        if message:
            raise ValidationError(message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, TypedTextValidator)


typed_text = TypedTextValidator()


def install() -> None:
    """Give every ``forms.CharField`` the check, once, for the whole project."""
    if getattr(forms.CharField, "_typed_text_installed", False):
        return
    original_init = forms.CharField.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        if typed_text not in self.validators:
            self.validators.append(typed_text)

    forms.CharField.__init__ = __init__
    forms.CharField._typed_text_installed = True
