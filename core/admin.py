"""What every admin page shares: who may use it, why a record changed, and who changed it first.

- Access is the admin site's answer (``accounts.admin_site``, which asks ``agencies.scoping``: coordinators
  and superusers), not Django's per-model permissions, so a coordinator with ``is_staff`` needs none.
- Every edit of an audited record asks for a reason ("Lý do thay đổi"), which goes into its history
  with the user; the history is shown but can never be reverted or edited.
- Records with a ``version`` (tasks, clusters) refuse an edit based on a stale copy instead of silently
  overwriting someone else's change.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.audit import StaleVersionError, is_versioned
from core.search import folded_condition

from .forms import apply_service_errors

CREATE_REASON = "Tạo mới qua trang quản trị"
DELETE_REASON = "Xóa qua trang quản trị"
REASON_FIELDS = ("change_reason", "loaded_version")


class PrivateFileInput(forms.ClearableFileInput):
    """Names the stored file without linking to it: files are only sent by views that check permission
    (there is no MEDIA_URL, so the stock widget would fail building a link)."""

    def is_initial(self, value):
        return False

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if value and getattr(value, "name", ""):
            return format_html("{}: {}<br>{}", _("Tệp hiện tại"), value.name, html)
        return html


class CoordinatorAdminMixin:
    """Rights from the admin site (the policy's answer). ``allow_add/change/delete`` narrow them for logs and
    workflow data."""

    allow_add = True
    allow_change = True
    allow_delete = True
    formfield_overrides = {models.FileField: {"widget": PrivateFileInput}}

    def _may_use(self, request):
        # The site knows who may use the admin (accounts.admin_site.PlanAdminSite asks agencies.scoping).
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request):
        return self._may_use(request)

    def get_search_results(self, request, queryset, search_term):
        """Django's search, and the same words folded (core.search) in the records' search columns, so
        "dong anh" finds "Đông Anh" and "hoa" finds "Hòa" here as in every search box."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        condition = folded_condition(self.model, self.get_search_fields(request), search_term)
        if condition is None:
            return found, may_have_duplicates
        return found | queryset.filter(condition), True

    def has_view_permission(self, request, obj=None):
        return self._may_use(request)

    def has_add_permission(self, request, obj=None):
        return self.allow_add and self._may_use(request)

    def has_change_permission(self, request, obj=None):
        return self.allow_change and self._may_use(request)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and self._may_use(request)


class ConstraintCheckedForm(forms.ModelForm):
    """A model form that reports every rule as a form error, even rules on fields shown read-only.

    Django skips constraints and misroutes ``Model.clean()`` errors that involve a field not on the form
    (read-only fields such as a task's deadline), which would end in an IntegrityError or a crash.
    """

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            routed = {}
            for field, messages in errors.error_dict.items():
                key = field if field in self.fields else NON_FIELD_ERRORS
                routed.setdefault(key, []).extend(messages)
            errors = ValidationError(routed)
        super()._update_errors(errors)

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                self.instance.validate_constraints()
            except ValidationError as exc:
                self.add_error(None, exc.messages)


class CoordinatorModelAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """For models without history (places, logs, notifications)."""

    form = ConstraintCheckedForm


class ReadOnlyAdminMixin:
    """A log: coordinators read it; nobody adds, changes or deletes rows through the admin."""

    allow_add = False
    allow_change = False
    allow_delete = False


class ReadOnlyInline(CoordinatorAdminMixin, admin.TabularInline):
    """A compact, read-only list of related rows inside a change page."""

    allow_add = False
    allow_change = False
    allow_delete = False
    extra = 0
    show_change_link = True


class AuditedAdminForm(ConstraintCheckedForm):
    """Adds the reason of the change: required when editing, defaulted when creating."""

    change_reason = forms.CharField(
        label=_("Lý do thay đổi"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_("Được ghi vào lịch sử cùng tên người sửa, ví dụ: theo Công văn số …"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["change_reason"].required = True
        else:
            self.fields["change_reason"].help_text = _("Để trống: “%(default)s”.") % {"default": CREATE_REASON}

    def clean_change_reason(self):
        return self.cleaned_data["change_reason"].strip()


class AuditedModelAdmin(CoordinatorAdminMixin, SimpleHistoryAdmin):
    """For models with history: a reason on every edit, one history record per save, history read-only."""

    form = AuditedAdminForm
    reason_fieldset_title = _("Lý do thay đổi")

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # A versioned record (a task, a cluster) carries rules that live in its app's services: its admin
        # must be a ServiceModelAdmin, never this generic save.
        assert isinstance(self, ServiceModelAdmin) or not is_versioned(model), (
            f"{model.__name__} is versioned: register it with a ServiceModelAdmin"
        )
        self.versioned = is_versioned(model)
        # Many-to-many changes would each add a history record; these models get one record per save.
        self.tracks_m2m = bool(getattr(model.history.model, "_history_m2m_fields", None))

    # --- the form -----------------------------------------------------------------------------------

    def get_fields(self, request, obj=None):
        return [f for f in super().get_fields(request, obj) if f not in REASON_FIELDS]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in REASON_FIELDS]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is None or self.has_change_permission(request, obj):
            reason_fields = ["change_reason", "loaded_version"] if self.versioned else ["change_reason"]
            fieldsets.append((self.reason_fieldset_title, {"fields": reason_fields}))
        return fieldsets

    @staticmethod
    def reason_from(form, change):
        reason = form.cleaned_data.get("change_reason", "") if form is not None else ""
        return reason or (CREATE_REASON if not change else "Cập nhật qua trang quản trị")

    # --- saving ---------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj._change_reason = self.reason_from(form, change)
        if self.tracks_m2m:
            obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        try:
            super().save_related(request, form, formsets, change)
        finally:
            if hasattr(obj, "skip_history_when_saving"):
                del obj.skip_history_when_saving
        if self.tracks_m2m:
            # One record for the row and its relations together (as core.audit.record_save writes).
            obj._history_type_override = None if change else "+"
            obj.save()
            obj._history_type_override = None

    def save_formset(self, request, form, formset, change):
        """Inline rows share the parent's reason and user in their own history."""
        reason = self.reason_from(form, change)
        instances = formset.save(commit=False)
        for inline_obj in formset.deleted_objects:
            inline_obj._history_user, inline_obj._change_reason = request.user, reason
            inline_obj.delete()
        for inline_obj in instances:
            inline_obj._history_user, inline_obj._change_reason = request.user, reason
            inline_obj.save()
        formset.save_m2m()

    def delete_model(self, request, obj):
        obj._history_user, obj._change_reason = request.user, DELETE_REASON
        obj.delete()

    def delete_queryset(self, request, queryset):
        # One by one, so that every deletion leaves its history record with the user and reason.
        for obj in queryset:
            self.delete_model(request, obj)

    # --- history: visible, append-only --------------------------------------------------------------

    def has_change_history_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("Lịch sử thay đổi chỉ được xem, không được khôi phục hay sửa.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ServiceRefused(Exception):
    """A service refused the admin's save: the form is shown again with the service's errors."""

    def __init__(self, error):
        self.error = error
        super().__init__(str(error))


class ServiceModelAdmin(AuditedModelAdmin):
    """An admin whose saves go through the app's services, like the pages and the API: the same validation,
    notifications and history, and the version check of a versioned record. The admin keeps no rule.

    Subclasses name the services: ``create_object(request, values, reason)`` returns the new object,
    ``update_object(request, obj, changes, reason, version)`` the edited one, and, when deleting is
    allowed at all, ``delete_object(request, obj, reason)``. ``changes`` holds only the fields the user
    changed. A refusal (``ValidationError``, ``StaleVersionError``) rolls the save back and shows the form
    again with the message on the field it names.
    """

    form = None  # set below: ServiceAdminForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "_service_refusal", None)
        if refused is None:
            return form_class

        class RefusedForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if isinstance(refused, StaleVersionError):
                    self.add_error(None, refused.message)
                else:
                    apply_service_errors(self, refused)

        return RefusedForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refusal:
            # The save was rolled back (the exception left the view's transaction): show the form again,
            # bound to what was posted, with the service's errors.
            request._service_refusal = refusal.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        reason = self.reason_from(form, change)
        names = [name for name in form.changed_data if name in form.fields and name not in REASON_FIELDS]
        try:
            if change:
                stored = type(obj)._default_manager.get(pk=obj.pk)
                version = form.cleaned_data.get("loaded_version") if self.versioned else None
                changes = {name: form.cleaned_data[name] for name in names}
                result = self.update_object(request, stored, changes, reason, version) if changes else stored
            else:
                values = {name: form.cleaned_data[name] for name in form.fields if name not in REASON_FIELDS}
                result = self.create_object(request, values, reason)
        except (ValidationError, StaleVersionError) as error:
            raise ServiceRefused(error) from error
        # The admin's response and its log entry speak of the object the service saved.
        obj.__dict__.update({k: v for k, v in result.__dict__.items() if not k.startswith("_state")})
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # The service has set the many-to-many values; inlines of such admins are read-only lists.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        try:
            self.delete_object(request, obj, DELETE_REASON)
        except ValidationError as error:
            raise PermissionDenied("; ".join(error.messages)) from error

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def create_object(self, request, values, reason):
        raise NotImplementedError

    def update_object(self, request, obj, changes, reason, version):
        raise NotImplementedError

    def delete_object(self, request, obj, reason):
        raise PermissionDenied(_("Bản ghi này không xóa được ở trang quản trị."))


class ServiceAdminForm(AuditedAdminForm):
    """The reason, and for a versioned record the version the editor loaded (the service checks it)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and is_versioned(type(self.instance)):
            self.fields["loaded_version"].required = True
            self.fields["loaded_version"].initial = self.instance.version


ServiceModelAdmin.form = ServiceAdminForm
