"""Forms for the workbench: validation only. Views hand `cleaned_data` to a service."""

from django import forms
from django.utils import timezone

from articles.models import Correction, FactCheck, FactCheckRevision, Rating, Source
from articles.services.factchecks import CLAIM_REVIEWED_MAX

# What an editor may publish a change as; a retraction has its own action.
CORRECTION_KINDS = [(value, label) for value, label in Correction.Kind.choices if value != Correction.Kind.RETRACTION]


class RatingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class FactCheckForm(forms.Form):
    """The editor's text fields plus the version the form was loaded at (for edit conflicts).

    On a published fact-check the form edits its proposed changes (`revision`, when one
    is open) and has the correction note they will be published with; the note is
    required when the changes are submitted, not at every autosave.
    """

    headline = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    claim_reviewed = forms.CharField(
        max_length=200,
        required=False,
        label="Claim reviewed",
        help_text=f"Under {CLAIM_REVIEWED_MAX} characters, as search engines show it. Leave out the rating.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-limit": CLAIM_REVIEWED_MAX}),
    )
    rating = RatingChoiceField(queryset=Rating.objects.all(), required=False, empty_label="— No rating yet —")
    summary = forms.CharField(
        required=False,
        label="If your time is short",
        help_text="Two or three sentences: the verdict and why.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        required=False,
        help_text="Markdown: **bold**, *italic*, [link](https://…), ## heading, - list.",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "true"}),
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    correction_kind = forms.ChoiceField(
        choices=[("", "— Choose —"), *CORRECTION_KINDS], required=False, label="Kind of change"
    )
    correction_note = forms.CharField(
        required=False,
        label="Correction note",
        help_text="Published with the changes, dated, once another editor approves them: say what changed and why.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    EDITABLE = ("headline", "claim_reviewed", "rating", "summary", "body")

    def __init__(self, *args, factcheck: FactCheck, revision: FactCheckRevision | None = None, **kwargs):
        if not args and "initial" not in kwargs:
            text = revision or factcheck
            kwargs["initial"] = {
                "headline": text.headline,
                "claim_reviewed": text.claim_reviewed,
                "rating": text.rating_id,
                "summary": text.summary,
                "body": text.body,
                "version": factcheck.version,
                "correction_kind": revision.correction_kind if revision else "",
                "correction_note": revision.correction_note if revision else "",
            }
        super().__init__(*args, **kwargs)
        self.factcheck = factcheck
        self.published = factcheck.status == FactCheck.Status.PUBLISHED
        if self.published:
            # The editor's script compares with the rating readers see, not the proposed one.
            self.fields["rating"].widget.attrs["data-published"] = factcheck.rating_id or ""
        else:
            del self.fields["correction_kind"]
            del self.fields["correction_note"]

    @property
    def changes(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.EDITABLE}

    @property
    def correction(self) -> dict | None:
        if not self.published:
            return None
        return {"kind": self.cleaned_data["correction_kind"], "note": self.cleaned_data["correction_note"]}


class CitationAddForm(forms.Form):
    """Cite an existing Source (`source`), or a new one by URL, outlet and title."""

    source = forms.ModelChoiceField(queryset=Source.objects.all(), required=False, widget=forms.HiddenInput)
    url = forms.URLField(max_length=1000, required=False, label="URL", assume_scheme="https")
    outlet_name = forms.CharField(max_length=200, required=False, label="Outlet")
    title = forms.CharField(max_length=500, required=False)
    note = forms.CharField(max_length=500, required=False, label="What it supports")

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("source") and not data.get("title"):
            if data.get("url"):
                self.add_error("title", "Give the new source a title, as readers will see it.")
            else:
                raise forms.ValidationError("Pick a source, or give a new one’s URL and title.")
        return data


class CitationNoteForm(forms.Form):
    note = forms.CharField(max_length=500, required=False, label="What it supports")


class CitationMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])

    @property
    def offset(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What needs fixing",
        help_text="The author sees this at the top of the editor.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublishForm(forms.Form):
    """Approve what the editor read (`version`), now or at `publish_at`, a time in the editor's time zone."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    publish_at = forms.DateTimeField(
        required=False,
        label="Go live at",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 60}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_publish_at(self):
        moment = self.cleaned_data.get("publish_at")
        if moment is not None and moment <= timezone.now():
            raise forms.ValidationError("Pick a time in the future, or publish now.")
        return moment


class RetractForm(forms.Form):
    reason = forms.CharField(
        label="Why it is retracted",
        help_text="Readers see this on the retraction notice at the fact-check’s address, dated.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why it is retracted: readers see the reason on the notice."},
    )


class CorrectionForm(forms.Form):
    """A note on a published fact-check without editing it; rating changes go through the editor."""

    kind = forms.ChoiceField(
        choices=[(value, label) for value, label in CORRECTION_KINDS if value != Correction.Kind.RATING_CHANGE]
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


# What the file picker offers first; "All files" stays available for odd extensions.
ACCEPTED_EXTENSIONS = ".txt,.text,.md,.html,.htm,.xhtml,.xml,.rss,.atom,.json,.jsonl,.ndjson,.csv,.tsv,.zip"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>, cleaned as a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}))
        kwargs.setdefault("allow_empty_file", True)  # the preview reports empty files per item
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple) and data:
            return [clean_one(item, initial) for item in data]
        return [clean_one(data or None, initial)]  # None makes a required field say so


class ImportUploadForm(forms.Form):
    """Files to import; each file's problems are reported per item by the preview, not here."""

    FORMAT_CHOICES = [
        ("auto", "Detect from each file"),
        ("text", "Plain text"),
        ("html", "Saved web page (HTML)"),
        ("feed", "RSS or Atom feed"),
        ("json", "JSON or JSON Lines"),
        ("csv", "CSV"),
    ]

    files = MultipleFileField(
        label="Files",
        help_text=(
            "Choose one or more files, or a .zip of them: plain text (.txt), saved web pages (.html), "
            "RSS or Atom feeds (.xml, .rss, .atom), JSON or JSON Lines (.json, .jsonl) and CSV (.csv)."
        ),
    )
    format = forms.ChoiceField(
        choices=FORMAT_CHOICES,
        initial="auto",
        label="Format",
        help_text="Leave on “Detect” unless a file is read the wrong way.",
    )
    outlet = forms.CharField(
        max_length=200,
        required=False,
        label="Outlet",
        help_text="For articles that do not name theirs, such as plain text files (e.g. “Reuters”).",
    )

    def clean_outlet(self):
        return " ".join(self.cleaned_data["outlet"].split())
