"""The next plan: made with as many groups as it has, its targets, and the unfinished tasks of the plan before
carried over into it, each keeping its history and naming the task it continues (tasks.planning)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tasks import planning, rules, selectors, services
from tasks.models import Plan, Target, Task, TaskGroup
from tests.factories import PlanFactory, TaskFactory, TaskGroupFactory

D = datetime.date


def plan_values(**overrides):
    return {
        "number": "12/KH-UBND",
        "title": "Kế hoạch phát triển cụm công nghiệp năm 2027",
        "issued_on": D(2026, 12, 1),
        "year": 2027,
        "period_start": D(2027, 1, 1),
        "period_end": D(2027, 12, 31),
        **overrides,
    }


def groups_named(*names):
    return [{"name": name, "description": ""} for name in names]


@pytest.fixture
def old_plan(db):
    return PlanFactory()  # 305/KH-UBND for 2026


@pytest.fixture
def old_groups(old_plan):
    return [TaskGroupFactory(plan=old_plan, number=n, name=f"Nhóm {n}") for n in (1, 2)]


@pytest.fixture
def new_plan(coordinator):
    return planning.plan_create(actor=coordinator, groups=groups_named("Nhóm 1", "Nhóm 2", "Nhóm 3"), **plan_values())


@pytest.fixture
def unfinished(old_groups, agency, other_agency):
    """Three unfinished tasks of 2026 (not started, in progress, awaiting acceptance) and a done one."""
    first, second = old_groups
    return [
        TaskFactory(group=first, code="A1", lead_agency=agency, supporting_agencies=[other_agency]),
        TaskFactory(group=first, code="A2", lead_agency=agency, status=Task.Status.IN_PROGRESS, progress_percent=40),
        TaskFactory(
            group=second,
            code="B1",
            lead_agency=other_agency,
            status=Task.Status.AWAITING_ACCEPTANCE,
            completed_on=D(2026, 6, 1),
        ),
    ]


@pytest.mark.parametrize("count", [3, 7])
def test_a_plan_is_created_with_as_many_groups_as_it_has(coordinator, count):
    names = [f"Nhóm nhiệm vụ thứ {n}" for n in range(1, count + 1)]

    plan = planning.plan_create(actor=coordinator, groups=groups_named(*names), **plan_values())

    assert [(g.number, g.name) for g in plan.task_groups.all()] == list(enumerate(names, start=1))
    assert plan.history.get().history_user == coordinator
    assert all(g.history.get().history_change_reason == "Lập kế hoạch mới" for g in plan.task_groups.all())


def test_an_officer_cannot_create_a_plan(officer):
    with pytest.raises(PermissionDenied):
        planning.plan_create(actor=officer, groups=groups_named("Nhóm 1"), **plan_values())


def test_a_plan_number_used_already_is_refused_on_its_field(coordinator, old_plan):
    with pytest.raises(ValidationError) as error:
        planning.plan_create(actor=coordinator, **plan_values(number="305/kh-ubnd"))

    assert "Đã có kế hoạch mang số hiệu 305/kh-ubnd." in error.value.message_dict["number"]


def test_a_year_outside_the_period_is_refused(coordinator):
    with pytest.raises(ValidationError) as error:
        planning.plan_create(actor=coordinator, **plan_values(year=2030))

    assert error.value.message_dict["year"] == ["Năm thực hiện phải nằm trong kỳ kế hoạch."]


def test_groups_are_reordered_renamed_and_added_with_tasks_following_their_number(coordinator, new_plan, agency):
    first, second, third = new_plan.task_groups.all()
    task = TaskFactory(group=third, code="C1", lead_agency=agency)

    planning.plan_groups_set(
        actor=coordinator,
        plan=new_plan,
        reason="Sắp xếp theo văn bản",
        groups=[
            {"group": third, "name": "Nhóm 3 (nay đứng đầu)"},
            {"group": first, "name": "Nhóm 1"},
            {"group": second, "name": "Nhóm 2"},
            {"group": None, "name": "Nhóm mới"},
        ],
    )

    assert [(g.number, g.name) for g in new_plan.task_groups.all()] == [
        (1, "Nhóm 3 (nay đứng đầu)"),
        (2, "Nhóm 1"),
        (3, "Nhóm 2"),
        (4, "Nhóm mới"),
    ]
    task.refresh_from_db()
    assert task.group_number == 1
    assert third.history.latest().history_change_reason == "Sắp xếp theo văn bản"


def test_a_group_with_tasks_is_not_removed(coordinator, new_plan, agency):
    first, second, third = new_plan.task_groups.all()
    TaskFactory(group=third, code="C1", lead_agency=agency)

    with pytest.raises(ValidationError) as error:
        planning.plan_groups_set(
            actor=coordinator, plan=new_plan, reason="Bớt nhóm", groups=[{"group": first, "name": "Nhóm 1"}]
        )

    assert "còn 1 nhiệm vụ, không bỏ được" in error.value.message_dict["groups"][0]
    assert new_plan.task_groups.count() == 3


def test_a_target_is_added_last_with_history(coordinator, new_plan):
    target = planning.target_create(
        actor=coordinator,
        plan=new_plan,
        description="Hoàn thành hạ tầng 10 cụm",
        measure=Target.Measure.INFRASTRUCTURE_COMPLETED,
        target_min=10,
    )

    assert (target.order, target.plan, target.unit) == (1, new_plan, "cụm")
    assert target.history.get().history_user == coordinator


def test_a_manual_target_needs_its_value(coordinator, new_plan):
    with pytest.raises(ValidationError) as error:
        planning.target_create(
            actor=coordinator, plan=new_plan, description="Thu hút đầu tư", measure=Target.Measure.MANUAL, target_min=5
        )

    assert "manual_value" in error.value.message_dict


def carry(coordinator, new_plan, tasks, **kwargs):
    old_groups = {task.group for task in tasks}
    kwargs.setdefault("group_map", planning.default_group_map(old_groups, list(new_plan.task_groups.all())))
    kwargs.setdefault("reason", "Chưa hoàn thành trong năm 2026")
    kwargs.setdefault("code_prefix", "KH2027-")
    return planning.tasks_carry_over(actor=coordinator, plan=new_plan, tasks=tasks, **kwargs)


def test_unfinished_tasks_are_carried_over_keeping_their_history_and_naming_the_old_task(
    coordinator, new_plan, unfinished, other_agency
):
    old_history = {task.pk: task.history.count() for task in unfinished}

    created = carry(coordinator, new_plan, unfinished)

    assert [t.code for t in created] == ["KH2027-A1", "KH2027-A2", "KH2027-B1"]
    a1, a2, b1 = created
    assert a1.continues == unfinished[0] and unfinished[0].carried_over_to == a1
    assert a1.group.plan == new_plan and a1.group.name == "Nhóm 1" and b1.group.name == "Nhóm 2"
    assert list(a1.supporting_agencies.all()) == [other_agency]
    assert (a1.due_date, a1.lead_agency) == (unfinished[0].due_date, unfinished[0].lead_agency)
    assert (a2.status, a2.progress_percent) == (Task.Status.IN_PROGRESS, 40)
    assert b1.status == Task.Status.IN_PROGRESS and b1.completed_on is None
    record = a1.history.get()
    assert record.history_user == coordinator
    assert record.history_change_reason == (
        "Chuyển tiếp nhiệm vụ A1 của Kế hoạch 305/KH-UBND: Chưa hoàn thành trong năm 2026"
    )
    # The old tasks are as they were: same status, same history, nothing faked.
    for old in unfinished:
        fresh = Task.objects.get(pk=old.pk)
        assert fresh.status == old.status
        assert fresh.history.count() == old_history[old.pk]


def test_a_new_deadline_may_be_set_for_all(coordinator, new_plan, unfinished):
    created = carry(coordinator, new_plan, unfinished[:2], due_date=D(2027, 6, 30))

    assert {t.due_date for t in created} == {D(2027, 6, 30)}
    assert {t.original_due_date for t in created} == {D(2027, 6, 30)}


def test_carrying_the_same_task_twice_is_refused_and_nothing_is_written(coordinator, new_plan, unfinished):
    carry(coordinator, new_plan, unfinished[:1])

    with pytest.raises(ValidationError) as error:
        carry(coordinator, new_plan, unfinished[:2], code_prefix="L-")

    assert "A1 đã được chuyển tiếp sang Kế hoạch 12/KH-UBND (nhiệm vụ KH2027-A1)." in error.value.messages[0]
    assert not Task.objects.filter(code="L-A2").exists()


def test_a_finished_task_is_not_carried_over(coordinator, new_plan, old_groups, agency):
    done = TaskFactory(
        group=old_groups[0], code="D1", lead_agency=agency, status=Task.Status.DONE, completed_on=D(2026, 5, 1)
    )

    with pytest.raises(ValidationError) as error:
        carry(coordinator, new_plan, [done])

    assert error.value.messages == ["D1: đã hoàn thành, không chuyển tiếp."]


def test_an_unmapped_group_is_refused_naming_it(coordinator, new_plan, unfinished):
    with pytest.raises(ValidationError) as error:
        carry(coordinator, new_plan, unfinished, group_map={})

    assert "Chưa chọn nhóm của kế hoạch mới cho nhóm 1. Nhóm 1 (nhiệm vụ A1)." in error.value.messages[0]


def test_an_officer_cannot_carry_tasks_over(officer, new_plan, unfinished):
    with pytest.raises(PermissionDenied):
        carry(officer, new_plan, unfinished)


def test_the_old_task_takes_no_more_reports_once_carried_over(coordinator, new_plan, unfinished):
    carry(coordinator, new_plan, unfinished[:1])
    old = Task.objects.get(pk=unfinished[0].pk)

    assert not rules.may(coordinator, old, "task.report_progress")
    with pytest.raises(ValidationError) as error:
        services.progress_report_create(actor=coordinator, task=old, text="Tiếp tục", progress_percent=50)
    assert "nhiệm vụ tiếp nối KH2027-A1" in error.value.message_dict["status"][0]
    assert rules.may(coordinator, old, "task.cancel")  # it may still be closed


def test_the_unfinished_list_leaves_out_finished_and_carried_tasks(coordinator, new_plan, unfinished, old_plan):
    carry(coordinator, new_plan, unfinished[:1])

    assert [t.code for t in selectors.unfinished_tasks(old_plan)] == ["A2", "B1"]
    assert selectors.previous_plan(new_plan) == old_plan


def test_todays_plan_is_the_latest_issued_on_or_before_today(db):
    older = PlanFactory(number="1/KH", issued_on=D(2025, 11, 12))
    newer = PlanFactory(number="2/KH", issued_on=D(2026, 12, 1), year=2027)
    coming = PlanFactory(number="3/KH", issued_on=D(2027, 12, 1), year=2028)

    assert selectors.plan_in_force(D(2026, 6, 1)) == older
    assert selectors.plan_in_force(D(2026, 12, 1)) == newer
    assert selectors.plan_in_force(D(2028, 1, 1)) == coming
    assert selectors.in_force([coming], D(2026, 1, 1)) == coming  # nothing issued yet: the first to come
    assert selectors.in_force([], D(2026, 1, 1)) is None


def test_nothing_assumes_five_groups(db):
    plan = PlanFactory()
    group = TaskGroup(plan=plan, number=9, name="Nhóm chín")
    group.full_clean()
    group.save()

    assert Plan.objects.get(pk=plan.pk).task_groups.get().number == 9
