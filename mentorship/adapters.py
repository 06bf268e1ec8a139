"""allauth hooks: the person's name on sign-up, their language, where they land."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import Http404
from django.utils import translation

from mentorship.landing import landing_url


def account_language(user) -> str:
    """The language stored on the account, if the portal still speaks it."""
    language = user.language or ""
    return language if language and translation.check_for_language(language) else ""


def remember_language(response, language: str) -> None:
    """The same cookie Django's language switch sets, so every later page follows it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "")
        user.language = (translation.get_language() or "")[:10]
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        # Only asked when no safe `next` was given: that one always wins.
        return landing_url(request.user)

    def post_login(self, request, user, **kwargs):
        """Sign-in switches to the account's language, whatever the browser asks for.

        Activated before allauth writes its "signed in" message, so that is in it too.
        """
        language = account_language(user)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = super().post_login(request, user, **kwargs)
        if language:
            remember_language(response, language)
        return response


# The center a visitor came to sign up with (`?center=`), kept for a sign-up that goes
# through WeChat first and comes back.
SIGNUP_CENTER_KEY = "signup_center"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """WeChat sign-in exists only while the program's WeChat app is configured."""

    def get_signup_form_initial_data(self, sociallogin):
        initial = super().get_signup_form_initial_data(sociallogin)
        initial["name"] = str((sociallogin.account.extra_data or {}).get("nickname", ""))[:100]
        request = getattr(self, "request", None)
        if request is not None and request.session.get(SIGNUP_CENTER_KEY):
            initial["center"] = request.session[SIGNUP_CENTER_KEY]
        return initial

    def list_apps(self, request, provider=None, client_id=None):
        if not settings.WECHAT_ENABLED:
            return []
        return super().list_apps(request, provider=provider, client_id=client_id)

    def get_app(self, request, provider, client_id=None):
        if not settings.WECHAT_ENABLED:
            raise Http404
        return super().get_app(request, provider, client_id=client_id)
