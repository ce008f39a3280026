# Placeholder until the roster import lands (same session); see organizations/roster.py.
from django.http import Http404


def roster_template(request):
    raise Http404


def roster_import(request, pk):
    raise Http404
