"""The people pages: coordinators list accounts, invite a person, resend an invitation, lock and reopen an account
(``accounts.invitations``, ``accounts.services``; who may is ``agencies.scoping``'s ``account.manage``); and the
invited person's page that sets their first password from the link in the email."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, ListView

from accounts.mixins import ActionRequiredMixin
from agencies import scoping
from agencies.models import Membership
from core.forms import apply_service_errors
from core.search import people_order

from . import invitations, oidc, services
from .forms import InviteForm, LoginForm, ReasonForm
from .models import AuthEvent


class LoginView(DjangoLoginView):
    """Django's login (django-axes watches it), offering single sign-on when it is configured."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(sso_enabled=oidc.enabled(), **kwargs)


UNSENT = _lazy("Không gửi được thư mời: máy chủ thư không nhận. Chưa có gì thay đổi; hãy thử lại sau.")


class PeoplePage(ActionRequiredMixin):
    permission = "account.manage"


class PersonListView(PeoplePage, ListView):
    """Every account: name, email, agency and role, and where it stands (active, invited, locked)."""

    template_name = "accounts/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        events = AuthEvent.objects.filter(
            user=OuterRef("pk"), kind__in=[AuthEvent.Kind.INVITED, AuthEvent.Kind.INVITATION_RESENT]
        ).order_by("-occurred_at")
        return (
            get_user_model()
            .objects.annotate(
                invited_at=Subquery(events.values("occurred_at")[:1]), was_invited=Exists(events.values("pk"))
            )
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.filter(is_active=True).select_related("agency"),
                    to_attr="active_memberships",
                )
            )
            .order_by("-is_active", *people_order())
        )


class PersonInviteView(PeoplePage, FormView):
    form_class = InviteForm
    template_name = "accounts/person_invite.html"

    def form_valid(self, form):
        try:
            user = invitations.invite_person(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        except OSError:  # the mail server refused or was unreachable: nothing was created
            form.add_error(None, UNSENT)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã gửi thư mời đến %(email)s.") % {"email": user.email})
        return redirect("people:person_list")


class PersonActionView(PeoplePage, FormView):
    """A confirmation page with a reason, then the action on one account."""

    form_class = ReasonForm
    template_name = "accounts/person_action.html"
    reason_required = True
    title = ""
    button = ""
    done = ""

    @cached_property
    def person(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            scoping.require(request.user, self.permission)  # before looking the person up: no 404 to probe with
            scoping.require(request.user, self.permission, self.person)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "required": self.reason_required}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, title=self.title, button=self.button, **kwargs)

    def form_valid(self, form):
        try:
            self.act(form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        except OSError:  # a resent invitation the mail server did not take: nothing changed
            form.add_error(None, UNSENT)
            return self.form_invalid(form)
        messages.success(self.request, str(self.done) % {"name": self.person})
        return redirect("people:person_list")


class PersonResendView(PersonActionView):
    reason_required = False
    title = _lazy("Gửi lại thư mời")
    button = _lazy("Gửi lại thư mời")
    done = _lazy("Đã gửi lại thư mời cho %(name)s; đường dẫn trong thư trước không còn dùng được.")

    def act(self, reason):
        invitations.invite(actor=self.request.user, user=self.person, reason=reason)


class PersonDeactivateView(PersonActionView):
    title = _lazy("Khóa tài khoản")
    button = _lazy("Khóa tài khoản")
    done = _lazy("Đã khóa tài khoản của %(name)s: các phiên đăng nhập, mã truy cập API và lịch đã dừng.")

    def act(self, reason):
        services.account_deactivate(actor=self.request.user, user=self.person, reason=reason)


class PersonReactivateView(PersonActionView):
    title = _lazy("Mở lại tài khoản")
    button = _lazy("Mở lại tài khoản")
    done = _lazy("Đã mở lại tài khoản của %(name)s.")

    def act(self, reason):
        services.account_reactivate(actor=self.request.user, user=self.person, reason=reason)


INVALID_MESSAGES = {
    "expired": _lazy(
        "Đường dẫn mời đã hết hạn. Hãy liên hệ cán bộ điều phối của Sở Công Thương để được gửi lại thư mời."
    ),
    "invalid": _lazy(
        "Đường dẫn mời không còn dùng được: mật khẩu đã được đặt, hoặc đã có thư mời mới thay thế. Nếu bạn đã đặt "
        "mật khẩu, hãy đăng nhập; nếu quên mật khẩu, hãy dùng “Quên mật khẩu”."
    ),
}


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class InvitationAcceptView(FormView):
    """The invited person chooses their password (Django's validators), then logs in."""

    template_name = "accounts/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.person = invitations.user_for_invitation(kwargs["token"])
        except invitations.InvalidInvitation as invalid:
            return render(
                request,
                "accounts/invitation_invalid.html",
                {"message": str(INVALID_MESSAGES[invalid.code]), "code": invalid.code},
                status=410 if invalid.code == "expired" else 404,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        from django.contrib.auth.forms import SetPasswordForm

        return SetPasswordForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.person}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)

    def form_valid(self, form):
        invitations.accept_invitation(user=self.person, password=form.cleaned_data["new_password1"])
        messages.success(
            self.request,
            _("Đã đặt mật khẩu. Hãy đăng nhập với tên đăng nhập %(username)s.")
            % {"username": self.person.get_username()},
        )
        return redirect("login")
