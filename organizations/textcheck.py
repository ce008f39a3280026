"""One cleaning step for every text a person types into any form of the project.

Text is stored as the person wrote it (opinions are 原汁原味), so nothing here alters text:
a character that does not belong in typed text makes the form refuse it, naming the
character and where it sits, and the person removes it themselves.

Installed on ``forms.CharField`` (and so on every subclass and every model form's text
field) from ``OrganizationsConfig.ready``: a form written tomorrow is covered without
remembering anything.
"""

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
    if char in ALLOWED_CONTROLS:
        return False
    if char in BIDI_CONTROLS or char == REPLACEMENT:
        return True
    # Cc: C0/C1 controls (NUL, ESC, DEL…); Cs: lone surrogates, which no encoder can write.
    return unicodedata.category(char) in ("Cc", "Cs")


def text_problem(value: str) -> str | None:
    """The message for the first refused character of ``value``, or None if it is clean."""
    for position, char in enumerate(value, start=1):
        if _is_refused(char):
            return f"第{position}个字符{_describe(char)}，请删除后再保存。"
    return None


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
