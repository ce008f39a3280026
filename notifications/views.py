from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from organizations.paging import page_for, url_maker

from .models import Notification
from .services import notification_mark_read


@login_required
def inbox(request):
    page = page_for(request, Notification.objects.filter(recipient=request.user), per_page=30)
    page.object_list = list(page.object_list)
    read = url_maker("notifications:mark_read")
    for notification in page.object_list:
        notification.read_url = read(notification.pk)
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    notification_mark_read(user=request.user)
    return redirect("notifications:inbox")
