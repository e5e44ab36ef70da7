"""The feed subscription form: validation only; the views hand `cleaned_data` to `services.subscriptions`."""

from django import forms

from articles.models import FEED_INTERVAL_MAX_MINUTES, FEED_INTERVAL_MIN_MINUTES, FeedSubscription

_field = FeedSubscription._meta.get_field


class FeedSubscriptionForm(forms.Form):
    url = forms.URLField(
        label="Feed address",
        max_length=_field("url").max_length,
        assume_scheme="https",
        help_text="The RSS or Atom feed itself, e.g. https://www.example.com/politics/rss.xml — not the "
        "outlet’s front page. Most sites link to it as “RSS” at the foot of their pages.",
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false", "placeholder": "https://"}),
    )
    outlet_name = forms.CharField(
        label="Outlet",
        required=False,
        max_length=200,
        help_text="The outlet its articles are filed under, e.g. “Politico”. Pick a known one or type a new "
        "name; left blank, the feed’s own title names the outlet.",
        widget=forms.TextInput(attrs={"list": "outlet-names", "autocomplete": "off"}),
    )
    interval_minutes = forms.IntegerField(
        label="Poll every (minutes)",
        min_value=FEED_INTERVAL_MIN_MINUTES,
        max_value=FEED_INTERVAL_MAX_MINUTES,
        initial=15,
        help_text=f"From {FEED_INTERVAL_MIN_MINUTES} minutes to a day ({FEED_INTERVAL_MAX_MINUTES}). A feed that "
        "fails is polled less and less often until it works again.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    title = forms.CharField(
        label="Name (optional)",
        required=False,
        max_length=_field("title").max_length,
        help_text="How this feed is listed here. Left blank, the feed’s own title is used.",
    )

    @classmethod
    def for_subscription(cls, subscription: FeedSubscription, data=None) -> "FeedSubscriptionForm":
        initial = {
            "url": subscription.url,
            "outlet_name": subscription.outlet.name if subscription.outlet_id else "",
            "interval_minutes": subscription.interval_minutes,
            "title": subscription.title,
        }
        return cls(data, initial=initial)
