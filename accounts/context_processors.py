"""Puts the user's membership, role and what they may do in every template (the navigation shows them)."""

from agencies import scoping

# The actions the navigation offers or hides, as ``can.<name>`` in templates.
NAVIGATION = {
    "view_audit_log": "audit.view",
    "use_admin": "admin.use",
    "create_letters": "letter.create",
    "view_deliveries": "deliveries.view",
    "view_plan_reports": "plan_report.view",
    "view_plan": "plan.view",  # tasks, register, agencies, notifications: not the reporters'
    "view_reporting": "reporting.view",
    "manage_webhooks": "webhook.manage",
    "manage_people": "account.manage",
    "import_data": "data.import",
}


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_membership": scoping.membership_of(user),
        "current_role": scoping.role_of(user),
        "current_role_label": scoping.role_label(user),
        "can": {name: scoping.can(user, action) for name, action in NAVIGATION.items()},
    }
