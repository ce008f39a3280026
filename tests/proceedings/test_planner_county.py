"""The measuring county has planned criticisms, and its office opens the planner on them."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from proceedings.models import CriticismPlan


def test_the_county_plans_criticisms_and_the_office_opens_the_matrix(db, client):
    call_command("seed_county", "--orgs", "5", "--seed", "1")
    assert CriticismPlan.objects.exists()
    plan = CriticismPlan.objects.select_related("meeting").first()
    office = get_user_model().objects.filter(person__staff_roles__organization=plan.meeting.organization_id,
                                             person__staff_roles__kind="office").first()
    client.force_login(office, backend="django.contrib.auth.backends.ModelBackend")
    answer = client.get(reverse("proceedings:planner", args=[plan.meeting_id]))
    assert answer.status_code == 200 and plan.text in answer.content.decode()
