"""Every form rendered whole gets the design system's fields and error summary."""

from django import forms


class VisitForm(forms.Form):
    place = forms.CharField(label="Place", help_text="The school or the call.")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    agreed = forms.BooleanField(label="Agreed")


def test_a_label_stands_above_its_hint_its_error_and_its_control():
    form = VisitForm(data={})
    form.is_valid()

    html = str(form)

    label = html.index('<label class="label" for="id_place">Place')
    hint = html.index('<div class="hint" id="id_place_helptext">')
    error = html.index('class="field-error"', label)
    control = html.index('name="place"')
    assert label < hint < error < control


def test_an_error_summary_at_the_top_links_to_each_field_in_error():
    form = VisitForm(data={"notes": "x"})
    form.is_valid()

    html = str(form)

    assert html.lstrip().startswith('<div class="error-summary"')
    assert 'href="#id_place"' in html
    assert 'href="#id_agreed"' in html
    assert 'href="#id_notes"' not in html


def test_a_valid_form_has_no_summary_and_says_which_fields_are_optional():
    html = str(VisitForm())

    assert "error-summary" not in html
    assert 'for="id_notes">Notes <span class="optional">(optional)</span>' in html
    assert 'for="id_place">Place</label>' in html


def test_a_checkbox_stands_before_its_label():
    html = str(VisitForm())

    assert html.index('name="agreed"') < html.index('<label for="id_agreed">Agreed</label>')
