"""The admin's feed subscription pages: list, subscribe, edit, and each feed's polls.

Admins only (the `run_import` permission, as for imports): a subscription imports articles
on a schedule, and its errors speak of servers and addresses. Editors see the articles it
brings in, in the claim queue, like any other import.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles import roles
from articles.models import FeedEntry, FeedSubscription, Outlet
from articles.services import subscriptions as service
from articles.services.errors import ServiceError
from articles.subscription_forms import FeedSubscriptionForm
from articles.views.access import role_required
from articles.views.claims import HtmxHttpRequest

PER_PAGE = 50
RECENT_POLLS = 20
RECENT_ENTRIES = 10
TABS = {
    "": ("All", Q()),
    "failing": ("Failing", Q(active=True, consecutive_failures__gt=0)),
    "paused": ("Paused", Q(active=False)),
}


@require_GET
@role_required(roles.IMPORT)
def subscription_list(request: HtmxHttpRequest):
    show = request.GET.get("show", "") if request.GET.get("show", "") in TABS else ""
    counts = FeedSubscription.objects.aggregate(
        **{f"tab_{key}": Count("pk", filter=q) for key, (_l, q) in TABS.items()}
    )
    subscriptions = FeedSubscription.objects.for_list().filter(TABS[show][1]).by_name()
    context = {
        "page": Paginator(subscriptions, PER_PAGE).get_page(request.GET.get("page")),
        "tabs": [(key, label, counts[f"tab_{key}"]) for key, (label, _q) in TABS.items()],
        "show": show,
        "total": counts["tab_"],
    }
    template = "workbench/feeds/list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@role_required(roles.IMPORT)
def subscription_new(request: HtmxHttpRequest):
    form = FeedSubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription = service.subscription_create(**form.cleaned_data, user=request.user)
        except ServiceError as error:
            form.add_error("url", error.message)
        else:
            messages.success(request, "Subscribed. The first poll has been queued; its result appears below.")
            return redirect(subscription)
    return _form_page(request, form, subscription=None)


@require_http_methods(["GET", "POST"])
@role_required(roles.IMPORT)
def subscription_edit(request: HtmxHttpRequest, pk: int):
    subscription = get_object_or_404(FeedSubscription.objects.for_list(), pk=pk)
    form = FeedSubscriptionForm.for_subscription(subscription, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.subscription_update(subscription=subscription, **form.cleaned_data)
        except ServiceError as error:
            form.add_error("url", error.message)
        else:
            messages.success(request, "Saved.")
            return redirect(subscription)
    return _form_page(request, form, subscription=subscription)


def _form_page(request, form, *, subscription):
    outlets = Outlet.objects.order_by("name").values_list("name", flat=True)
    context = {"form": form, "subscription": subscription, "outlet_names": outlets}
    return render(request, "workbench/feeds/form.html", context, status=400 if form.errors else 200)


@require_GET
@role_required(roles.IMPORT)
def subscription_detail(request: HtmxHttpRequest, pk: int):
    subscription = get_object_or_404(FeedSubscription.objects.for_list().select_related("created_by"), pk=pk)
    context = {
        "subscription": subscription,
        "polls": subscription.polls.all()[:RECENT_POLLS],
        "entries": FeedEntry.objects.filter(subscription=subscription)
        .select_related("article__outlet")
        .filter(article__isnull=False)[:RECENT_ENTRIES],
    }
    template = "workbench/feeds/detail.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#status"  # the refreshed status while a poll is queued or running
    return render(request, template, context)


@require_POST
@role_required(roles.IMPORT)
def subscription_poll(request: HtmxHttpRequest, pk: int):
    return _act(
        request, pk, service.subscription_poll_now, "A poll has been queued; its result appears below in a moment."
    )


@require_POST
@role_required(roles.IMPORT)
def subscription_pause(request: HtmxHttpRequest, pk: int):
    return _act(request, pk, service.subscription_pause, "Paused: this feed is not polled until you resume it.")


@require_POST
@role_required(roles.IMPORT)
def subscription_resume(request: HtmxHttpRequest, pk: int):
    return _act(request, pk, service.subscription_resume, "Resumed: a poll has been queued.")


def _act(request, pk: int, action, done: str):
    subscription = get_object_or_404(FeedSubscription, pk=pk)
    try:
        action(subscription=subscription)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(subscription)
