from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from acompana.frameworks.forms import item_form_class
from acompana.frameworks.models import Competency, Domain, Framework, Performance
from acompana.frameworks.permissions import can_edit_frameworks, require_framework_editor
from acompana.frameworks.services import framework_item_update

ItemModel = type[Domain] | type[Competency] | type[Performance]
ITEM_MODELS: dict[str, ItemModel] = {
    "domain": Domain,
    "competency": Competency,
    "performance": Performance,
}


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "frameworks/framework_list.html", {"frameworks": Framework.objects.all()}
    )


@login_required
def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = get_object_or_404(
        Framework.objects.prefetch_related(
            Prefetch(
                "domains__competencies",
                queryset=Competency.objects.prefetch_related("performances"),
            )
        ),
        slug=slug,
    )
    context = {"framework": framework, "can_edit": can_edit_frameworks(request.user)}
    return render(request, "frameworks/framework_detail.html", context)


@login_required
def item_edit(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    require_framework_editor(request.user)
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    form = item_form_class(model)(request.POST or None, instance=model.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        framework_item_update(item=item, actor=request.user, **form.cleaned_data)
        return redirect("frameworks:detail", slug=slug)
    return render(request, "frameworks/item_edit.html", {"form": form, "item": item, "slug": slug})
