"""Selects, checkboxes and radio buttons written by core.renderers are the HTML Django's own templates write: same options, labels, ids, selected
state, escaping and whitespace, for the filter forms of every list and for the odd cases of a select."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from audit.filtersets import AuditLogFilterSet
from clusters.filtersets import ClusterFilterSet
from clusters.models import Cluster
from core.forms import present_filter_form
from core.renderers import FormRenderer
from tasks.filtersets import TaskFilterSet
from tasks.forms import TaskForm
from tests.factories import AgencyFactory, ClusterFactory, CommuneFactory, TaskGroupFactory


def both(form):
    """Each field of ``form`` as Django's templates render it and as the project's renderer does: the widget, and
    its error list (an empty one is rendered by the renderer of the moment)."""
    rendered = {}
    for renderer in (DjangoTemplates(), FormRenderer()):
        form.renderer = renderer
        rendered[type(renderer)] = {name: str(form[name]) for name in form.fields}
        rendered[type(renderer)].update({f"{name} errors": str(form[name].errors) for name in form.fields})
    return rendered[DjangoTemplates], rendered[FormRenderer]


class Odd(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "A & <b>"), ("b", _("Đang xây dựng"))])
    grouped = forms.ChoiceField(
        choices=[("x", "X"), (_("Nhóm “một”"), [("1", "một"), ("2", mark_safe("<i>hai</i>"))]), ("y", 2026)],
        widget=forms.Select(attrs={"class": "wide", "data-x": 'say "hi"', "aria-describedby": "help", "hidden": False}),
    )
    many = forms.MultipleChoiceField(choices=[(1, "một"), (2, "hai"), (3, "ba")], disabled=True)
    yes_no = forms.NullBooleanField()
    number = forms.TypedChoiceField(choices=[(1.5, 1.5), (12345, 12345)], coerce=float)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A & B"), (_("Nhóm"), [("1", "một"), ("2", mark_safe("<i>hai</i>"))])],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
    )
    radio = forms.ChoiceField(choices=[("x", "X"), ("y", _("Đang xây dựng"))], widget=forms.RadioSelect)


def test_odd_selects_and_checkboxes_render_as_djangos_templates_render_them():
    initial = {"plain": "a", "grouped": "2", "many": [1, 3], "yes_no": True, "number": 12345, "boxes": ["a", "2"]}
    for form in (Odd(initial={**initial, "radio": "y"}), Odd(auto_id=False), Odd({"radio": "<x>", "boxes": "2"})):
        templates, project = both(form)
        assert project == templates
    templates, project = both(Odd(initial=initial))
    assert "selected>A &amp; &lt;b&gt;</option>" in project["plain"]  # not a weaker test than it looks
    assert '<option value="2" selected><i>hai</i></option>' in project["grouped"]


class Boxes(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'Mã "x" & <tên>', "hidden": False}))
    number = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": 0.01, "data-x": 1}))
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search", "autofocus": True}))
    email = forms.EmailField(initial="a&b@sct.hanoi.gov.vn")
    url = forms.URLField(required=False, label=_("Địa chỉ"), assume_scheme="https")
    safe = forms.CharField(required=False, initial=mark_safe("<i>đã an toàn</i>"))


def test_text_boxes_and_error_lists_render_as_djangos_templates_render_them():
    sent = {"text": "<b>", "number": "1,5", "search": "", "email": "không phải", "url": "x y"}
    for form in (Boxes(), Boxes(auto_id=False), Boxes(initial={"number": 12345.5}), Boxes(sent)):
        templates, project = both(form)
        assert project == templates
    templates, project = both(Boxes())
    assert project["text"] == (
        '<input type="text" name="text" placeholder="Mã &quot;x&quot; &amp; &lt;tên&gt;" required id="id_text">'
    )
    assert project["email errors"] == ""
    assert 'value="<i>đã an toàn</i>"' in project["safe"]  # marked safe: written as the template writes it


def test_bound_filter_forms_render_as_djangos_templates_render_them(db, coordinator, rf):
    for name in ("Thạch Thất", "Ứng Hòa", "Đông Anh"):
        CommuneFactory(name=name)
    commune = CommuneFactory(name="Sóc Sơn")
    group = TaskGroupFactory()
    agency = AgencyFactory()
    ClusterFactory()
    request = rf.get("/")
    request.user = coordinator
    filtersets = [
        ClusterFilterSet(
            {"commune": commune.pk, "status": [Cluster.Status.OPERATING], "ordering": "-name"},
            queryset=Cluster.objects.all(),
            request=request,
        ),
        ClusterFilterSet(None, queryset=Cluster.objects.all(), request=request),
        TaskFilterSet({"group": group.pk, "lead_agency": agency.pk, "not_updated": "true"}, request=request),
        TaskFilterSet({"status": ["nonsense"], "plan": "x"}, request=request),  # errors render too
        AuditLogFilterSet({"agency": agency.pk, "kind": "task"}),
    ]
    for filterset in filtersets:
        filterset.is_valid()
        present_filter_form(filterset.form, search_placeholder="Mã, tên…")  # as the pages lay them out
        templates, project = both(filterset.form)
        assert project == templates
    assert f'<option value="{commune.pk}" selected>' in both(filtersets[0].form)[1]["commune"]
    assert 'type="checkbox" name="status" value="operating"' in both(filtersets[0].form)[1]["status"]


def test_task_form_renders_as_djangos_templates_render_it(db, coordinator, task):
    templates, project = both(TaskForm(task=task))
    assert project == templates
