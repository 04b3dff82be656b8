from django import forms
from django.test import SimpleTestCase

from groundswell.lib.widgets import Select


class FilterForm(forms.Form):
    kind = forms.ChoiceField(widget=Select, choices=[("", "Any"), ("a&b", "Fish & <chips>")], required=False)


class SelectWidgetTestCase(SimpleTestCase):
    def test_it_renders_the_same_markup_as_the_template_select(self) -> None:
        html = str(FilterForm({"kind": "a&b"})["kind"])
        self.assertHTMLEqual(
            html,
            '<select name="kind" id="id_kind"><option value="">Any</option>'
            '<option value="a&amp;b" selected>Fish &amp; &lt;chips&gt;</option></select>',
        )

    def test_it_escapes_labels_and_values(self) -> None:
        html = str(FilterForm()["kind"])
        self.assertIn("Fish &amp; &lt;chips&gt;", html)
        self.assertNotIn("<chips>", html)
