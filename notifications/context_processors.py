from .models import Notification


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # Lazy: pages that never show the badge pay no query for it.
    def unread():
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"unread_notifications": unread}
