"""One item's page (its measures, its history, the panels the other parts register) and the
editing of an item and its measures — inline with htmx on the list page, as a page of its
own without JavaScript. A stale save keeps what was typed and shows what is there now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from organizations.once import once_per_token, save_once

from ..access import OPEN_STAGES, ListRole, ensure_item_editable, get_item_for_user
from ..forms import ItemForm, MeasureForm
from ..models import ItemMeasure, ListState
from ..panels import item_panels
from ..services import (
    ItemConflict,
    ItemGone,
    ListLocked,
    item_delete,
    item_update,
    measure_add,
    measure_delete,
    measure_update,
    team_people,
)

WRITERS = (ListRole.OWNER, ListRole.DRAFTER)


def _editable(item, access) -> bool:
    rlist = item.rectification_list
    return (access.list_access.is_writer and rlist.state in ListState.editable()
            and rlist.meeting.stage in OPEN_STAGES and not item.carried_to_id)


def _item_form(item, data=None):
    rlist = item.rectification_list
    initial = {name: getattr(item, name) for name in (
        "problem", "target", "term", "deadline", "next_review", "lead_department", "cooperating", "disclosed")}
    initial.update(version=item.version, responsible=item.responsible_id)
    # Prefixed: inline on the list page, beside the add form, its ids must stay unique.
    return ItemForm(data, rlist=rlist, people=team_people(rlist) if rlist.is_team else [], initial=initial,
                    prefix=f"i{item.pk}")


@login_required
def item_detail(request, pk):
    item, access = get_item_for_user(request.user, pk)
    editable = _editable(item, access)
    measures = list(item.measures.select_related("updated_by__person"))
    return render(request, "rectification/item.html", {
        "item": item,
        "rlist": item.rectification_list,
        "meeting": item.rectification_list.meeting,
        "access": access,
        "editable": editable,
        "measures": [(m, MeasureForm(prefix=f"m{m.pk}", initial={"content": m.content, "deadline": m.deadline,
                                                                "version": m.version}) if editable else None)
                     for m in measures],
        "measure_form": MeasureForm(prefix="new") if editable else None,
        "events": item.events.select_related("actor__person"),
        # A colleague reading through the 公示 sees no notes (a refused 销号's reasons); the
        # panels leave out what such a reader may not see (sources' quotes, evidence).
        "show_notes": not access.via_disclosure,
        # Each panel renders with its own context (and the item, the reader's access).
        "panels": [render_to_string(template, {"item": item, "access": access, **context}, request=request)
                   for template, context in item_panels(item, access, request)],
    })


@login_required
def item_edit(request, pk):
    """GET: the item's form (a fragment for htmx, a page without); POST: save from a version."""
    item, access = get_item_for_user(request.user, pk, require=WRITERS)
    ensure_item_editable(item, "整改事项")
    form = _item_form(item, request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            item = item_update(item=item, version=form.cleaned_data["version"] or 0, actor=request.user,
                               **form.item_fields())
        except ItemConflict as exc:
            # What they typed stays in the form; what is there now is shown beside it, and
            # the form now carries the current version, so a second save is deliberate.
            conflict = exc.current
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = conflict.version
        except ValidationError as exc:
            form.add_error(None, exc)
        except (ListLocked, ItemGone) as exc:
            messages.error(request, str(exc))
            return redirect(item.rectification_list)
        else:
            if request.htmx:
                return render(request, "rectification/_item.html", {"item": item, "editable": True,
                                                                    "rlist": item.rectification_list})
            messages.success(request, "已保存。")
            return redirect(item.rectification_list.get_absolute_url() + f"#item-{item.pk}")
    template = "rectification/_item_form.html" if request.htmx else "rectification/item_edit.html"
    return render(request, template, {"item": item, "form": form, "conflict": conflict,
                                      "rlist": item.rectification_list})


@login_required
@require_POST
def item_remove(request, pk):
    item, access = get_item_for_user(request.user, pk, require=WRITERS)
    ensure_item_editable(item, "整改事项")
    rlist = item.rectification_list
    try:
        item_delete(item=item, actor=request.user)
    except ListLocked as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已删除这一事项。")
    return redirect(rlist)


def _measure(item, measure_id) -> ItemMeasure:
    return get_object_or_404(ItemMeasure, pk=measure_id, item=item)


@login_required
@require_POST
@once_per_token
def measure_new(request, pk):
    item, access = get_item_for_user(request.user, pk, require=WRITERS)
    ensure_item_editable(item, "整改事项")
    form = MeasureForm(request.POST, prefix="new")
    back = item.get_absolute_url() + "#measures"
    if not form.is_valid():
        messages.error(request, "请填写整改措施。")
        return redirect(back)
    try:
        save_once(request, lambda: measure_add(item=item, actor=request.user, content=form.cleaned_data["content"],
                                               deadline=form.cleaned_data["deadline"]), url=lambda _: back)
    except (ListLocked, ItemGone) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已添加整改措施。")
    return redirect(back)


@login_required
def measure_edit(request, pk, measure_id):
    item, access = get_item_for_user(request.user, pk, require=WRITERS)
    ensure_item_editable(item, "整改事项")
    measure = _measure(item, measure_id)
    if request.method != "POST":
        raise Http404("请在事项页修改措施")
    form = MeasureForm(request.POST, prefix=f"m{measure.pk}")
    conflict = None
    if form.is_valid():
        try:
            measure_update(measure=measure, version=form.cleaned_data["version"] or 0, actor=request.user,
                           content=form.cleaned_data["content"], deadline=form.cleaned_data["deadline"])
        except ItemConflict as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
            form.data = form.data.copy()
            form.data[f"m{measure.pk}-version"] = conflict.version
        except ValidationError as exc:
            form.add_error(None, exc)
        except (ListLocked, ItemGone) as exc:
            messages.error(request, str(exc))
            return redirect(item)
        else:
            messages.success(request, f"第{measure.order}条措施已保存。")
            return redirect(item.get_absolute_url() + f"#measure-{measure.pk}")
    return render(request, "rectification/measure_edit.html", {
        "item": item, "measure": measure, "form": form, "conflict": conflict,
    })


@login_required
@require_POST
def measure_remove(request, pk, measure_id):
    item, access = get_item_for_user(request.user, pk, require=WRITERS)
    ensure_item_editable(item, "整改事项")
    measure = _measure(item, measure_id)
    try:
        measure_delete(measure=measure, actor=request.user)
    except ListLocked as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已删除这条措施。")
    return redirect(item.get_absolute_url() + "#measures")
