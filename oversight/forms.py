from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="用途",
        max_length=60,
        help_text="写明这个令牌给谁、做什么用，如：县委组织部大屏",
        error_messages={"required": "请填写令牌的用途。", "max_length": "用途不超过60个字。"},
    )
