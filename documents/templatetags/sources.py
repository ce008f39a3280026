from django import template

from documents.sources import cite as cite_source

register = template.Library()


@register.simple_tag
def cite(seed, piece=None, part=""):
    """`{% cite "002" piece=4 %}`: a source document by its title (documents.sources)."""
    return cite_source(str(seed), piece=piece, part=part)
