"""Forms of the situation report: one per section (carrying the version it was loaded
at), the addressee, a move's note, the scan, the notice's scope."""

from django import forms

from .models import SectionKey

# A scan of the stamped paper report: a PDF or a picture, recognised by its first bytes
# (the name alone proves nothing), no larger than the project's upload limit.
MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


class SectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = forms.CharField(label="内容", required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 8, "class": "ed-text"}))

    def __init__(self, *args, key: str, **kwargs):
        super().__init__(*args, prefix=f"section-{key}", **kwargs)
        self.fields["text"].label = SectionKey(key).label


class RefreshForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AddresseeForm(forms.Form):
    addressee = forms.CharField(label="主送机关", max_length=100,
                                help_text="报告的主送机关，如“县委组织部”。")


class MoveForm(forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        field = self.fields["note"]
        if transition.needs_note:
            field.required = True
            field.label = "原因"
        elif transition.name == "acknowledge":
            field.label = "阅知意见（可选）"


class ScanForm(forms.Form):
    scan = forms.FileField(
        label="盖章扫描件",
        help_text="盖章、签字后的报告扫描件：PDF、JPG 或 PNG，不超过 10 MB。",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def clean_scan(self):
        upload = self.cleaned_data["scan"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in SCAN_SIGNATURES:
            raise forms.ValidationError("只支持 PDF、JPG 或 PNG 文件。")
        if upload.size > MAX_SCAN_BYTES:
            raise forms.ValidationError("文件超过 10 MB，请降低扫描分辨率后重新上传。")
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in SCAN_SIGNATURES[extension]):
            raise forms.ValidationError("文件内容与扩展名不符，请上传真实的 PDF 或图片文件。")
        return upload


class NoticeForm(forms.Form):
    scope = forms.CharField(label="通报范围", max_length=200, initial="各党支部、全体党员",
                            help_text="通报的对象，如“各党支部、全体党员”。")
