"""With several servers sharing one cache, a figure computed by one server while another server's write is not
yet committed must not outlive that write: the figures' generation is bumped again when the write commits."""

import pytest
from django.core.cache import cache

from tasks.figures import GENERATION_KEY
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_a_task_write_drops_the_cached_figures_again_when_it_commits(django_capture_on_commit_callbacks, group):
    before = cache.get_or_set(GENERATION_KEY, 1, None)

    with django_capture_on_commit_callbacks(execute=True):
        TaskFactory(group=group)
        # Until the commit, another server reads the rows without this task: whatever it caches now, under this
        # generation, is stale once the task commits.
        during = cache.get(GENERATION_KEY)

    assert during != before
    assert cache.get(GENERATION_KEY) not in (before, during)
