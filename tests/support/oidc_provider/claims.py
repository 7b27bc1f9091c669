"""The claims the provider gives: the user's email, verified as the city's provider says it is, and their name."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class EmailClaimsValidator(OAuth2Validator):
    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": True,
            "name": user.get_full_name(),
            "preferred_username": user.get_username(),
        }
