from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .models import FileStatus, GeneratedFile
from .registry import get_type
from .services import file_request


def _get_file_for_user(user, pk) -> GeneratedFile:
    """A generated file is visible to whoever may see the object it was made from."""
    generated = GeneratedFile.objects.filter(pk=pk).first()
    doc_type = get_type(generated.kind) if generated else None
    if doc_type is None:
        raise Http404("文件不存在")
    doc_type.get_for_user(user, generated.object_id)  # raises 404 for outsiders
    return generated


@login_required
@require_POST
def request_file(request, kind, fmt, object_id):
    doc_type = get_type(kind)
    if doc_type is None or fmt not in doc_type.formats:
        raise Http404("没有这种文书")
    source = doc_type.get_for_user(request.user, object_id)
    generated, _ = file_request(doc_type=doc_type, fmt=fmt, source=source, user=request.user)
    return redirect("documents:detail", pk=generated.pk)


@login_required
def detail(request, pk):
    generated = _get_file_for_user(request.user, pk)
    template = "documents/_status.html" if request.htmx else "documents/detail.html"
    return render(request, template, {"file": generated, "FileStatus": FileStatus})


@login_required
def download(request, pk):
    generated = _get_file_for_user(request.user, pk)
    if generated.status != FileStatus.DONE:
        raise Http404("文件尚未生成")
    return FileResponse(generated.file.open("rb"), as_attachment=True, filename=generated.filename)
