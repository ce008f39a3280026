"""Placeholder until its helper's branch lands: each view answers 404."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404("尚未提供")


overview = _not_yet
