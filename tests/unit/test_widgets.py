"""QuickSelect renders what Django's Select renders, for every shape of choices."""

import pytest
from django import forms
from django.test.html import parse_html

from articles.widgets import QuickSelect

CHOICES = [
    ("", "Any outlet"),
    (1, "Politico"),
    (2, 'Town<hall> & "friends"'),
    ("Europe", [(3, "Euronews"), (4, "Le Monde")]),
]


@pytest.mark.parametrize("value", [None, "", 1, "2", 4, "missing"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_outlet", "required": True, "disabled": False, "data-apply": "", "class": "a<b"}]
)
def test_the_markup_is_djangos(value, attrs):
    ours = QuickSelect(choices=CHOICES).render("outlet", value, attrs)
    djangos = forms.Select(choices=CHOICES).render("outlet", value, attrs)

    assert parse_html(ours) == parse_html(djangos)


def test_labels_and_values_are_escaped():
    html = QuickSelect(choices=[('"><script>alert(1)</script>', "<img src=x onerror=alert(1)>")]).render("x", None)

    assert "<script>" not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
