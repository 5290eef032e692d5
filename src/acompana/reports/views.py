from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from acompana.common.exports import table_response
from acompana.programs.selectors import get_program_for_user
from acompana.reports.selectors import mentor_experience_for_user


@login_required
def mentor_experience(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_program_for_user(user=request.user, slug=slug)
    header, rows = mentor_experience_for_user(user=request.user, program=program)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        return table_response(header, rows, filename=f"{program.slug}-mentor-experience", fmt=fmt)
    return render(
        request,
        "reports/mentor_experience.html",
        {"program": program, "header": header, "rows": rows},
    )
