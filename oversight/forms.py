from django import forms

MESSAGE_MAX = 1000


class ChaseForm(forms.Form):
    message = forms.CharField(
        label="催办内容",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写催办内容。", "max_length": "催办内容不能超过%(limit_value)d字。"},
        help_text="同一内容发给所选各组织的办公室，系统会附上每个组织被催办的事项。",
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class CommentForm(forms.Form):
    text = forms.CharField(
        label="督导意见",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写督导意见。", "max_length": "督导意见不能超过%(limit_value)d字。"},
        help_text="提出后通知该组织的办公室和书记。",
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label="用途",
        max_length=60,
        help_text="写明这个令牌给谁、做什么用，如：县委组织部大屏",
        error_messages={"required": "请填写令牌的用途。", "max_length": "用途不超过60个字。"},
    )
