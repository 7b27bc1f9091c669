"""With several servers sharing one cache, a figure computed by one server while another server's write is not
yet committed must not outlive that write: the figures' generation is bumped again when the write commits."""

import pytest

from core.cache import TASKS, generation
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_a_task_write_drops_the_cached_figures_again_when_it_commits(django_capture_on_commit_callbacks, group):
    before = generation(TASKS)

    with django_capture_on_commit_callbacks(execute=True):
        TaskFactory(group=group)
        # Until the commit, another server reads the rows without this task: whatever it caches now, under this
        # generation, is stale once the task commits.
        during = generation(TASKS)

    assert during != before
    assert generation(TASKS) not in (before, during)
