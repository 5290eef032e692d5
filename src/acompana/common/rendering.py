"""The site's form renderer: every ``{{ form }}`` and ``{{ field.as_field_group }}`` uses the
design system's templates (labels above fields, hints, errors and an error summary on top)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's templates-setting renderer with the ``ui/`` form and field templates.

    ``TemplatesSetting`` finds templates through ``TEMPLATES``, so the project's ``ui/``
    templates and Django's own widget templates (``django.forms`` is an installed app) both
    resolve."""

    form_template_name = "ui/form.html"
    field_template_name = "ui/field.html"
