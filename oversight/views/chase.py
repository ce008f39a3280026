"""Placeholder until its helper's branch lands: each view answers 404."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404("尚未提供")


chase = _not_yet
chase_list = _not_yet
comment_add = _not_yet
