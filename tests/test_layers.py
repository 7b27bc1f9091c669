"""The project's apps are layers: INSTALLED_APPS lists them lowest first, and each uses only the apps listed
before it. A module of an app that imports a later app, names one of its models in a string (a ForeignKey's
target, ``apps.get_model``), or a migration of it that depends on a later app's migration, fails this test.

The apps are the checkout's top-level folders that INSTALLED_APPS installs. Every ``.py`` module of each is
read with ``ast`` (imports at any depth, relative ones too). Migrations that a squash stands for are not read:
a new database never runs them, and a database made before keeps its path through them
(places/migrations/0001_initial.py explains the squashes).
"""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

BASE_DIR = Path(settings.BASE_DIR)
RELATIONS = {"ForeignKey", "ManyToManyField", "OneToOneField"}


def project_apps():
    """{label: rank}: the installed apps whose module is a top-level folder of the checkout, in order."""
    found = {}
    for config in apps.get_app_configs():
        if "." not in config.name and (BASE_DIR / config.name / "__init__.py").exists():
            found[config.label] = len(found)
    return found


def _name(node):
    """The name a call is made by: ``get_model`` for ``apps.get_model(...)``, ``ForeignKey`` for
    ``models.ForeignKey(...)``."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _text(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def model_labels():
    """{app label: the lower-case names of its models}, for the strings that name a model ("tasks.Task")."""
    return {config.label: set(config.models) for config in apps.get_app_configs()}


LABEL = re.compile(r"^(\w+)\.(\w+)$")


def references(source, module, labels):
    """(line, first part of the name, how) for everything ``source`` (the module ``module``, a dotted path)
    reaches by import, by a model named in a string (``labels``: ``model_labels()``), or by a migration
    dependency."""
    found, seen = [], set()
    package = module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0], f"import {alias.name}") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            if target:
                dots = "." * node.level
                found.append((node.lineno, target.split(".")[0], f"from {dots}{node.module or ''} import …"))
        elif isinstance(node, ast.Call):
            name, args = _name(node.func), [_text(arg) for arg in node.args]
            if name == "get_model" or name in RELATIONS:
                seen.update(id(arg) for arg in node.args)
                seen.update(id(k.value) for k in node.keywords if k.arg == "to")
            if name == "get_model" and args:
                if len(args) >= 2 and args[0] and args[1]:
                    found.append((node.lineno, args[0], f"get_model({args[0]!r}, {args[1]!r})"))
                elif args[0] and "." in args[0]:
                    found.append((node.lineno, args[0].split(".")[0], f"get_model({args[0]!r})"))
            elif name in RELATIONS:
                targets = args[:1] + [_text(k.value) for k in node.keywords if k.arg == "to"]
                for target in filter(None, targets):
                    if "." in target:
                        found.append((node.lineno, target.split(".")[0], f"{name}({target!r})"))
        elif isinstance(node, ast.Assign) and any(_name(t) == "dependencies" for t in node.targets):
            items = node.value.elts if isinstance(node.value, ast.List | ast.Tuple) else []
            for item in items:
                if isinstance(item, ast.Tuple) and len(item.elts) == 2 and _text(item.elts[0]):
                    app, migration = _text(item.elts[0]), _text(item.elts[1])
                    found.append((node.lineno, app, f"depends on migration {app}.{migration}"))
        elif _text(node) and id(node) not in seen and (match := LABEL.match(node.value)):
            # A model named in any other string: a helper's argument ("_model('tasks.Task')"), a list of labels.
            app, model = match.groups()
            if model.lower() in labels.get(app, ()):
                found.append((node.lineno, app, f"the string {node.value!r}"))
    return found


def replaced_migrations():
    """The paths of the migrations a squash stands for."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    replaced = {key for migration in loader.disk_migrations.values() for key in (migration.replaces or ())}
    return {BASE_DIR / app / "migrations" / f"{name}.py" for app, name in replaced}


def violations():
    """Lines such as ``agencies/scoping.py:12 reaches tasks (listed after agencies): get_model('tasks.Task')``."""
    ranks, skipped, labels, found = project_apps(), replaced_migrations(), model_labels(), []
    for app, rank in ranks.items():
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            if path in skipped:
                continue
            relative = path.relative_to(BASE_DIR)
            module = ".".join(relative.with_suffix("").parts)
            for line, target, how in sorted(references(path.read_text(encoding="utf-8"), module, labels)):
                if ranks.get(target, -1) > rank:
                    found.append(f"{relative}:{line} reaches {target} (listed after {app}): {how}")
    return found


def test_each_app_uses_only_the_apps_listed_before_it():
    found = violations()
    assert not found, "An app reaches an app listed after it in INSTALLED_APPS:\n" + "\n".join(found)


def test_the_apps_are_the_checkouts_top_level_folders_in_installed_order():
    ranks = project_apps()
    assert list(ranks)[:5] == ["core", "places", "department", "agencies", "accounts"]
    assert "config" not in ranks and "tests" not in ranks


def test_every_way_of_reaching_an_app_is_seen():
    source = """
import tasks.models
from clusters import services
from .models import Agency
from ..places.models import Commune

def later():
    from reporting.models import Submission
    apps.get_model("notifications.Notification")
    get_model("webhooks", "Endpoint")

owner = models.ForeignKey("accounts.Profile", on_delete=models.CASCADE)
groups = models.ManyToManyField(to="audit.Entry")
plan = models.OneToOneField("Plan")
visible = _model("clusters.Cluster"), "tasks.nothing", "not a label"

class Migration(migrations.Migration):
    dependencies = [("sync", "0001_initial"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
"""
    labels = {"clusters": {"cluster"}, "tasks": {"task"}}
    reached = [target for _line, target, _how in references(source, "agencies.sub.module", labels)]
    assert sorted(reached) == sorted(
        ["tasks", "clusters", "agencies", "agencies", "reporting", "notifications", "webhooks", "accounts"]
        + ["audit", "sync", "clusters"]
    )
