"""The 0–100 bar written in Python (``{% progress_bar %}``, ``core.templatetags.pages``) is the HTML its include wrote:
values whole, with decimals, at and past 100 and none, labels to escape or lazy or none, every size, both languages;
and the include the other pages write it with still writes it."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy

# The include as it was, with its file's closing newline.
BAR = Template(
    '{% load l10n %}<svg class="bar {{ size|default:\'\' }}" viewBox="0 0 100 10" preserveAspectRatio="none" '
    'role="img" aria-label="{{ label|default:\'\' }} {{ value|unlocalize }}%"><rect class="bar-track" width="100" '
    'height="10"/><rect class="bar-fill{% if value >= 100 %} achieved{% endif %}" width="{{ value|unlocalize }}" '
    'height="10"/></svg>\n'
)
TAG = Template("{% load pages %}{% progress_bar value label size %}\n")
INCLUDED = Template('{% include "includes/progress_bar.html" %}')

VALUES = [0, 45, Decimal("45.5"), Decimal("1234.56"), 100, Decimal("100.0"), 120, None]
LABELS = ["Tiến độ", "Đạt <40%> & hơn", gettext_lazy("Tiến độ"), "", None]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("size", ["bar-lg", "bar-sm", "", None])
def test_the_bar_is_written_as_its_include_wrote_it(language, value, label, size):
    with translation.override(language):
        context = {"value": value, "label": label, "size": size}
        expected = BAR.render(Context(context))
        assert TAG.render(Context(context)) == expected
        assert INCLUDED.render(Context(context)) == expected


def test_a_bar_without_a_label_or_size_given_is_written_as_the_include_wrote_it():
    assert INCLUDED.render(Context({"value": 30})) == BAR.render(Context({"value": 30}))
    assert "Đạt &lt;40%&gt; &amp; hơn 45.5%" in TAG.render(Context({"value": Decimal("45.5"), "label": LABELS[1]}))
