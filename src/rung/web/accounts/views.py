"""The user's own settings (language)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import i18n
from django.views.decorators.http import require_http_methods

from rung.web.accounts.models import User


class SettingsForm(forms.ModelForm[User]):
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=[("", gettext_lazy("Same as my browser")), *settings.LANGUAGES],
        required=False,
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)  # login_required
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language or translation.get_language_from_request(request))
        messages.success(request, _("Your settings were saved."))
        return redirect("account-settings")
    return render(request, "accounts/settings.html", {"form": form})


@require_http_methods(["POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language menu: for a logged-in user it also becomes their saved choice."""
    language = request.POST.get("language", "")
    if isinstance(request.user, User) and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return i18n.set_language(request)
