"""Pages where an organisation manages the 督导组 it sends (organizations.groups)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .access import organization_access
from .groups import (
    GroupError,
    assignable_organizations,
    eligible_members,
    group_sender_ids,
    organizations_outside,
    supervision_group_create,
    supervision_group_end,
    supervision_group_update,
)
from .models import Organization, Person, SupervisionGroup
from .once import OnceForm, once_per_token, save_once


def get_sender_for_user(user, pk) -> Organization:
    """The sending organisation, for one who manages its groups; 404 for whoever may not
    open it at all, 403 for one who may open it but not manage its groups."""
    org = Organization.objects.filter(pk=pk).first()
    if org is None:
        raise Http404("组织不存在")
    if org.pk in group_sender_ids(user):
        return org
    if organization_access(user, org).any:
        raise PermissionDenied("只有本组织的办公室或上级督导人员可以管理督导组")
    raise Http404("组织不存在")


def get_group_for_user(user, pk) -> SupervisionGroup:
    group = SupervisionGroup.objects.filter(pk=pk).select_related("sent_by").first()
    if group is None:
        raise Http404("督导组不存在")
    get_sender_for_user(user, group.sent_by_id)
    return group


class _OrgChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, org):
        return f"{org.name}（{org.parent.display_name}）" if org.parent else org.name


class _PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        label = f"{person.name}（{person.title}）" if person.title else person.name
        return label if person.user_id else f"{label}（无登录账号）"


class GroupForm(OnceForm):  # creating twice (Back + save) makes one group
    name = forms.CharField(
        label="督导组名称", max_length=100, help_text="如：县委第一督导组",
        error_messages={"required": "请填写督导组名称。", "max_length": "名称不能超过100个字。"},
    )
    members = _PersonChoice(
        label="成员", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="本组织的人员；成员登录后可查看、督导所督导组织的会议。",
        error_messages={"required": "请至少选择一名成员。", "invalid_choice": "所选人员不是本组织的人员。",
                        "invalid_pk_value": "所选人员不存在。"},
    )
    organizations = _OrgChoice(
        label="督导对象", queryset=Organization.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="本组织的下级组织；只督导所选组织，不含其下级。",
        error_messages={"required": "请至少选择一个督导对象。", "invalid_pk_value": "所选组织不存在。"},
    )

    def __init__(self, *args, sender: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.sender = sender
        self.fields["members"].queryset = eligible_members(sender)
        # Every organisation is accepted here so that one not below the sender is refused
        # by name (clean_organizations) rather than as an unknown choice; only those below
        # are offered.
        self.fields["organizations"].queryset = Organization.objects.select_related("parent")
        self.fields["organizations"].choices = [
            (o.pk, self.fields["organizations"].label_from_instance(o)) for o in assignable_organizations(sender)
        ]

    def clean_organizations(self):
        chosen = self.cleaned_data["organizations"]
        outside = organizations_outside(self.sender, chosen)
        if outside:
            raise forms.ValidationError(
                "、".join(o.name for o in outside) + "不是本组织的下级组织，不能作为督导对象。"
            )
        return chosen


def _groups_of(sender):
    return (
        SupervisionGroup.objects.filter(sent_by=sender)
        .prefetch_related(
            Prefetch("members", queryset=Person.objects.in_official_order()),
            Prefetch("organizations", queryset=Organization.objects.order_by("order", "pk")),
        )
        .order_by("-is_active", "-created_at", "-pk")  # those at work first, the newest first
    )


@login_required
def group_list(request, pk):
    sender = get_sender_for_user(request.user, pk)
    return render(request, "organizations/group_list.html", {"org": sender, "groups": _groups_of(sender)})


def _save(request, sender, group=None):
    initial = None
    if group is not None:
        initial = {"name": group.name, "members": list(group.members.all()),
                   "organizations": list(group.organizations.all())}
    form = GroupForm(request.POST or None, sender=sender, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if group is None:
                group = save_once(request, lambda: supervision_group_create(
                    sent_by=sender, name=data["name"], members=data["members"], organizations=data["organizations"],
                    actor=request.user,
                ), url=lambda made: reverse("organizations:groups", args=[made.sent_by_id]))
                messages.success(request, f"已派出督导组“{group.name}”。")
            else:
                supervision_group_update(
                    group=group, name=data["name"], members=data["members"], organizations=data["organizations"],
                    actor=request.user,
                )
                messages.success(request, f"已保存督导组“{group.name}”。")
            return redirect("organizations:groups", sender.pk)
        except GroupError as error:
            form.add_error(None, str(error))
    status = 400 if request.method == "POST" else 200
    return render(request, "organizations/group_form.html", {"org": sender, "form": form, "group": group}, status=status)


@login_required
@once_per_token
def group_create(request, pk):
    return _save(request, get_sender_for_user(request.user, pk))


@login_required
def group_edit(request, group_id):
    group = get_group_for_user(request.user, group_id)
    return _save(request, group.sent_by, group)


@login_required
@require_POST
def group_end(request, group_id):
    group = get_group_for_user(request.user, group_id)
    if supervision_group_end(group=group):
        messages.success(request, f"督导组“{group.name}”已结束督导，成员不再能查看所督导组织的会议。")
    else:
        messages.info(request, f"督导组“{group.name}”此前已结束督导。")
    return redirect("organizations:groups", group.sent_by_id)
