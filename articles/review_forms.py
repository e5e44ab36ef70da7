"""Forms for the review queue's actions: validation only; views hand `cleaned_data` to `services.review`."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from articles.extraction.matching import same_claim
from articles.models import Claim, Speaker

MERGE_CANDIDATES = 12


def reviewers():
    """Active users whose role may triage claims: the people a claim can be assigned to."""
    by_group = Q(groups__permissions__codename="review_claim", groups__permissions__content_type__app_label="articles")
    by_user = Q(user_permissions__codename="review_claim", user_permissions__content_type__app_label="articles")
    return (
        get_user_model()
        .objects.filter(by_group | by_user | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class RejectForm(forms.Form):
    reason = forms.ChoiceField(choices=Claim.RejectionReason.choices, label="Reason")


class AssignForm(forms.Form):
    assignee = UserChoiceField(queryset=reviewers(), required=False, empty_label="Nobody", label="Assign to")


class QuoteCorrectForm(forms.Form):
    """Who said it and where it starts and ends (offsets into the article body)."""

    # Optional: the article page's select-to-correct sends only the span, keeping the speaker.
    speaker = forms.ModelChoiceField(queryset=Speaker.objects.all(), label="Speaker", required=False)
    start = forms.IntegerField(min_value=0, label="Starts at character")
    end = forms.IntegerField(min_value=1, label="Ends before character")

    def clean(self):
        data = super().clean()
        if data.get("start") is not None and data.get("end") is not None and data["start"] >= data["end"]:
            raise forms.ValidationError("The quote must start before it ends.")
        return data


class SpeakerForm(forms.Form):
    """A speaker as readers and the extraction engine know them: name, role, affiliation, other names."""

    name = forms.CharField(max_length=200, help_text="Full name as readers know it, e.g. “Thomas Greer”.")
    role = forms.CharField(
        max_length=200, required=False, help_text="With its qualifiers: “Former mayor”, “Acting director”."
    )
    affiliation = forms.CharField(
        max_length=200, required=False, help_text="Government, party or employer: “Harbour City Council”."
    )
    aliases = forms.CharField(
        required=False,
        label="Other names",
        help_text="One a line: spellings and short forms articles use (“Greer”, “Tom Greer”).",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_aliases(self):
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


class MergeForm(forms.Form):
    """Pick the claim to fold into this one: a suggested duplicate or any claim by number."""

    other = forms.TypedChoiceField(coerce=int, required=False, widget=forms.RadioSelect, label="Suggested")
    other_number = forms.IntegerField(min_value=1, required=False, label="Or claim number")
    confirm = forms.BooleanField(required=False, label="Merge anyway")

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim
        self.candidates = merge_candidates(claim)
        self.fields["other"].choices = [(candidate.pk, candidate.text) for candidate in self.candidates]

    def clean(self):
        data = super().clean()
        number = data.get("other_number") or data.get("other")
        if not number:
            raise forms.ValidationError("Choose a suggested claim or give a claim number.")
        if number == self.claim.pk:
            raise forms.ValidationError("A claim cannot be merged with itself.")
        data["other_claim"] = Claim.objects.filter(pk=number).first()
        if data["other_claim"] is None:
            raise forms.ValidationError(f"There is no claim #{number}.")
        return data


def merge_candidates(claim: Claim) -> list[Claim]:
    """Claims by the same speaker, those that read like the same claim first (one query)."""
    if not claim.speaker_id:
        return []
    others = list(
        Claim.objects.filter(speaker_id=claim.speaker_id).exclude(pk=claim.pk).order_by("-checkworthiness", "-id")[:50]
    )
    others.sort(key=lambda other: not same_claim(claim.text, other.text))
    return others[:MERGE_CANDIDATES]


class BulkForm(forms.Form):
    ACTIONS = [("accept", "Accept"), ("reject", "Reject"), ("assign", "Assign")]

    action = forms.ChoiceField(choices=ACTIONS)
    claims = forms.ModelMultipleChoiceField(
        queryset=Claim.objects.all(), error_messages={"required": "Select at least one claim."}
    )
    reason = forms.ChoiceField(choices=[("", "Reason…"), *Claim.RejectionReason.choices], required=False)
    assignee = UserChoiceField(queryset=reviewers(), required=False, empty_label="Nobody")

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", "Choose why the selected claims are rejected.")
        return data
