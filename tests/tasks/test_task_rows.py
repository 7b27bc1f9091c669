"""A task's deadline badge and the dashboard's lists of overdue and due tasks written in Python
(``tasks.templatetags.task_rows``) are the HTML the templates wrote: every deadline status and the cancelled, titles
and agencies to escape, a task without a deadline, one overdue by a day and by more, both languages; and the include
every other page writes the badge with still writes it."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tasks.models import Task
from tests.factories import AgencyFactory, TaskFactory
from tests.helpers import days

pytestmark = pytest.mark.django_db

# The templates the tags replace, as they were.
BADGE = Template(
    "{% with code=task.deadline_status %}<span class=\"badge badge-{{ code|default:'cancelled' }}\">"
    "{{ task.get_deadline_status_display }}</span>{% endwith %}\n"
)
ROWS = Template(
    """{% load i18n pages %}{% for task in tasks %}
      <tr>
        <td><a class="task-title" href="{% record_url 'tasks:task_detail' task.pk %}">{{ task.title }}</a><br><span class="task-code">{{ task.code }}</span></td>
        <td>{{ task.lead_agency }}</td>
        <td class="nowrap">{{ task.due_date|date:"d/m/Y" }}<br>
          {% if show_overdue %}<span class="badge badge-overdue">{% blocktranslate count days=task.days_overdue %}Quá {{ days }} ngày{% plural %}Quá {{ days }} ngày{% endblocktranslate %}</span>
          {% else %}{% include "includes/deadline_badge.html" %}{% endif %}
        </td>
      </tr>
      {% endfor %}"""
)
TAG = Template("{% load task_rows %}{% deadline_rows tasks show_overdue %}")
INCLUDED = Template('{% include "includes/deadline_badge.html" %}')


@pytest.fixture
def varied_tasks(group):
    agency = AgencyFactory(code="S<&>", name="Sở <Công> & Thương", short_name="")
    made = [
        {"due_date": days(-1)},
        {"due_date": days(-1234)},
        {"due_date": days(2)},
        {"due_date": days(90)},
        {"due_date": None, "original_due_date": None},
        {"due_date": days(-20), "status": Task.Status.DONE, "completed_on": days(-25)},
        {"due_date": days(-20), "status": Task.Status.DONE, "completed_on": days(-5)},
        {"due_date": days(-3), "status": Task.Status.CANCELLED},
        {"due_date": days(5), "status": Task.Status.AWAITING_ACCEPTANCE, "completed_on": days(-1)},
    ]
    for index, fields in enumerate(made):
        TaskFactory(
            group=group,
            code=f"T-{index}<&>",
            title=f'Nhiệm vụ "{index}" <b>& co</b>',
            lead_agency=agency,
            start_date=days(-2000),
            **fields,
        )
    return list(Task.objects.with_deadline_status().select_related("lead_agency").order_by("code"))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("show_overdue", [True, False, ""])
def test_the_lists_rows_write_what_their_template_wrote(varied_tasks, language, show_overdue):
    with translation.override(language):
        context = {"tasks": varied_tasks, "show_overdue": show_overdue}
        expected = ROWS.render(Context(context))
        assert TAG.render(Context(context)) == expected
    assert (
        "Nhiệm vụ &quot;0&quot; &lt;b&gt;&amp; co&lt;/b&gt;" in expected and "Sở &lt;Công&gt; &amp; Thương" in expected
    )
    assert not show_overdue or language != "vi" or "Quá 1.234 ngày" in expected


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_badge_is_written_as_it_was_on_every_page_that_includes_it(varied_tasks, language):
    statuses = {task.deadline_status for task in varied_tasks}
    assert statuses >= {"overdue", "due_soon", "on_track", "no_deadline", "done_on_time", "done_late", None}
    with translation.override(language):
        for task in varied_tasks:
            assert INCLUDED.render(Context({"task": task})) == BADGE.render(Context({"task": task}))


# "Nhiệm vụ cần chú ý" on /my/, as its template wrote it (between <tbody> and </tbody>).
ATTENTION_ROWS = Template(
    """{% load i18n pages %}{% for task in attention %}
    <tr{% if task.deadline_status == "overdue" %} class="row-overdue"{% endif %}>
      <td><a class="task-title" href="{% url 'tasks:task_detail' task.pk %}">{{ task.title }}</a><br><span class="task-code">{{ task.code }}</span></td>
      <td><span class="tag">{{ task|agency_role:agency }}</span></td>
      <td class="nowrap">{{ task.due_date|date:"d/m/Y"|default:"—" }}<br>{% include "includes/deadline_badge.html" %}</td>
      <td>{{ task.progress_percent }}%<br><small>{% if task.last_reported_on %}{% translate "báo cáo" %} {{ task.last_reported_on|date:"d/m/Y" }}{% else %}{% translate "chưa có báo cáo" %}{% endif %}</small></td>
      <td>{% if not task.recently_updated %}<span class="badge badge-warn">{% translate "Chưa cập nhật" %}</span>{% endif %}</td>
    </tr>
    {% endfor %}"""
)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("leading", [True, False])
def test_the_attention_rows_write_what_their_template_wrote(varied_tasks, language, leading):
    # Reported never, recently and long ago; progress from none to whole (set on the rows read, as the page reads them).
    attention = list(Task.objects.with_deadline_status().with_update_state().order_by("code"))
    for index, task in enumerate(attention):
        task.last_reported_on = [None, days(-2), days(-400)][index % 3]
        task.progress_percent = [0, 35, 100][index % 3]
        task.recently_updated = index % 3 == 1
    agency = attention[0].lead_agency if leading else AgencyFactory()
    context = {"attention": attention, "agency": agency}
    with translation.override(language):
        expected = ATTENTION_ROWS.render(Context(context))
        written = Template("{% load task_rows %}{% attention_rows attention agency %}").render(Context(context))
    assert written == expected
    assert 'class="row-overdue"' in expected and "Nhiệm vụ &quot;0&quot; &lt;b&gt;&amp; co&lt;/b&gt;" in expected
    assert language != "vi" or ("Chưa cập nhật" in expected and "chưa có báo cáo" in expected and "—<br>" in expected)
