"""History-record hooks: every historical record gets a type that tells the truth and a reason."""

from django.apps import apps
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.signals import pre_create_historical_record

from .audit import AuditBypassError

# Stored in the history in the language of the request that wrote it.
FALLBACK_REASONS = {"+": gettext_noop("Tạo mới"), "~": gettext_noop("Cập nhật"), "-": gettext_noop("Xóa")}


@receiver(pre_create_historical_record)
def complete_history_record(sender, instance, history_instance, **kwargs):
    override = getattr(instance, "_history_type_override", None)
    if override:
        history_instance.history_type = override
    if not (history_instance.history_change_reason or "").strip():
        history_instance.history_change_reason = _(
            FALLBACK_REASONS.get(history_instance.history_type, FALLBACK_REASONS["~"])
        )


def refuse_history_change(sender, instance, **kwargs):
    if not instance._state.adding:
        raise AuditBypassError(f"{sender.__name__} is append-only: a history record cannot be changed.")


def refuse_history_delete(sender, instance, **kwargs):
    raise AuditBypassError(f"{sender.__name__} is append-only: a history record cannot be deleted.")


def protect_history_models():
    """Connect the append-only guards to every historical model (and its many-to-many history)."""
    for model in apps.get_models():
        if model._meta.model_name.startswith("historical"):
            pre_save.connect(refuse_history_change, sender=model, dispatch_uid=f"append-only-save-{model._meta.label}")
            pre_delete.connect(refuse_history_delete, sender=model, dispatch_uid=f"append-only-del-{model._meta.label}")
