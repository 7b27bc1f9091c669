"""History-record hooks: every historical record gets a type that tells the truth and a reason."""

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

FALLBACK_REASONS = {"+": "Tạo mới", "~": "Cập nhật", "-": "Xóa"}


@receiver(pre_create_historical_record)
def complete_history_record(sender, instance, history_instance, **kwargs):
    override = getattr(instance, "_history_type_override", None)
    if override:
        history_instance.history_type = override
    if not (history_instance.history_change_reason or "").strip():
        history_instance.history_change_reason = FALLBACK_REASONS.get(history_instance.history_type, "Cập nhật")
