from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from acompana.frameworks.forms import IndicatorsForm, item_form_class
from acompana.frameworks.models import (
    CareerStage,
    Competency,
    Domain,
    Framework,
    Performance,
    StageIndicator,
)
from acompana.frameworks.permissions import can_edit_frameworks, require_framework_editor
from acompana.frameworks.services import framework_item_update, stage_indicators_update

ItemModel = type[Domain] | type[Competency] | type[Performance] | type[CareerStage]
ITEM_MODELS: dict[str, ItemModel] = {
    "domain": Domain,
    "competency": Competency,
    "performance": Performance,
    "stage": CareerStage,
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
                queryset=Competency.objects.prefetch_related(
                    "performances",
                    Prefetch(
                        "stage_indicators",
                        queryset=StageIndicator.objects.select_related("stage"),
                    ),
                ),
            ),
            "career_stages",
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


@login_required
def indicators_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """What one strand looks like at each career stage of its framework."""
    require_framework_editor(request.user)
    competency = get_object_or_404(
        Competency.objects.select_related("domain__framework"),
        pk=pk,
        domain__framework__slug=slug,
    )
    stages = list(CareerStage.objects.filter(framework=competency.domain.framework))
    if not stages:
        raise Http404
    indicators = {i.stage_id: i for i in StageIndicator.objects.filter(competency=competency)}
    form = IndicatorsForm(request.POST or None, stages=stages, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            stage_indicators_update(competency=competency, values=form.values(), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("frameworks:detail", slug=slug)
    return render(
        request,
        "frameworks/indicators_edit.html",
        {"form": form, "competency": competency, "slug": slug},
    )
