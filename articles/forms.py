"""Forms for the workbench: validation only. Views hand `cleaned_data` to a service."""

from django import forms

from articles.models import Correction, FactCheck, Rating, Source
from articles.services.factchecks import CLAIM_REVIEWED_MAX


class RatingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class FactCheckForm(forms.Form):
    """The editor's text fields plus the version the form was loaded at (for edit conflicts).

    On a published fact-check `correction_kind` and `correction_note` are required:
    every change is published with a correction note.
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
        choices=[("", "— Choose —"), *Correction.Kind.choices], required=False, label="Kind of change"
    )
    correction_note = forms.CharField(
        required=False,
        label="Correction note",
        help_text="Published with the fact-check, dated: say what changed and why.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    EDITABLE = ("headline", "claim_reviewed", "rating", "summary", "body")

    def __init__(self, *args, factcheck: FactCheck, **kwargs):
        if not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "headline": factcheck.headline,
                "claim_reviewed": factcheck.claim_reviewed,
                "rating": factcheck.rating_id,
                "summary": factcheck.summary,
                "body": factcheck.body,
                "version": factcheck.version,
            }
        super().__init__(*args, **kwargs)
        self.factcheck = factcheck
        self.published = factcheck.status == FactCheck.Status.PUBLISHED
        if not self.published:
            del self.fields["correction_kind"]
            del self.fields["correction_note"]

    def clean(self):
        data = super().clean()
        if self.published and not self.errors and self.has_edits:
            rating_changed = data.get("rating") != self.factcheck.rating
            kind = data.get("correction_kind")
            if not kind:
                self.add_error("correction_kind", "Choose what kind of change this is.")
            elif rating_changed and kind != Correction.Kind.RATING_CHANGE:
                self.add_error("correction_kind", "A new rating must be published as “Rating changed”.")
            if not (data.get("correction_note") or "").strip():
                self.add_error("correction_note", "Say what changed; readers see this note.")
        return data

    @property
    def has_edits(self) -> bool:
        """Whether any editable field differs from the fact-check as loaded."""
        return any(self.cleaned_data.get(key) != getattr(self.factcheck, key) for key in self.EDITABLE)

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


class UnpublishForm(forms.Form):
    reason = forms.CharField(required=False, label="Why (for the audit trail)", max_length=500)


class CorrectionForm(forms.Form):
    """A note on a published fact-check without editing it; rating changes go through the editor."""

    kind = forms.ChoiceField(
        choices=[(value, label) for value, label in Correction.Kind.choices if value != Correction.Kind.RATING_CHANGE]
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
