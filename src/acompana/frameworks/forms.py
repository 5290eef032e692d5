from django import forms

from acompana.frameworks.services import EDITABLE_FIELDS


def item_form_class(model):
    return forms.modelform_factory(model, fields=EDITABLE_FIELDS)
