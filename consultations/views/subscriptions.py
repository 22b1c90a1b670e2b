"""
A subscriber's links (consultations/subscribers.py): confirm the subscription (the double opt-in),
and unsubscribe in one click. Each GET shows a button, so that a mail scanner opening the link
changes nothing; the POST acts. Unsubscribing takes a POST without a CSRF token, as RFC 8058's
List-Unsubscribe-Post asks of mail clients: the signed token in the address is the authority.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.http import HtmxHttpRequest

from .. import subscribers


def _unknown(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "consultations/subscription_unknown.html", status=404)


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_confirm(request: HtmxHttpRequest, token: str) -> HttpResponse:
    subscriber = subscribers.subscriber_from_token(token)
    if subscriber is None:
        return _unknown(request)
    if request.method == "POST":
        subscriber = subscribers.subscriber_confirm(subscriber=subscriber)
    context = subscribers.email_context(subscriber, kind="") | {"token": token}
    return render(request, "consultations/subscription_confirm.html", context)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HtmxHttpRequest, token: str) -> HttpResponse:
    subscriber = subscribers.subscriber_from_token(token)
    if subscriber is None:
        return _unknown(request)
    if request.method == "POST":
        subscriber = subscribers.subscriber_unsubscribe(subscriber=subscriber)
    context = subscribers.email_context(subscriber, kind="") | {"token": token}
    return render(request, "consultations/unsubscribe.html", context)
