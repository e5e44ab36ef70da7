/* The fact-check editor: autosave that never loses work, edit conflicts, the claim-reviewed counter.
 *
 * htmx posts the form (autosave after 2 s without typing, or "Save now" / Ctrl+S). Every
 * keystroke is also copied to localStorage, and the copy is dropped only once the server
 * has stored exactly that text, so a network failure or a closed tab never loses work.
 * A 409 answer brings the conflict panel; the form is never replaced, so your text stays.
 */
(function () {
  "use strict";

  const form = document.getElementById("factcheck-form");
  if (!form) return;

  const FIELDS = ["headline", "claim_reviewed", "rating", "summary", "body"];
  const draftKey = form.dataset.draftKey;
  const autosave = form.dataset.autosave === "1";
  const status = document.getElementById("save-status");
  let dirty = false;          // typed since the last save that reached the server
  let typedDuringSave = false;
  let retryTimer = null;
  let afterSave = [];         // callbacks waiting for the save in flight

  const field = (name) => form.elements.namedItem(name);
  const versionInput = () => document.getElementById("id_version");
  const conflictOpen = () => !!document.querySelector("#conflict-panel .conflict");

  function values() {
    const out = {};
    FIELDS.forEach((name) => { const el = field(name); if (el) out[name] = el.value; });
    return out;
  }

  function setStatus(text, kind) {
    status.textContent = "";
    const span = document.createElement("span");
    span.className = kind === "bad" ? "save-bad" : kind === "ok" ? "save-ok" : "muted";
    span.textContent = text;
    status.appendChild(span);
  }

  // ---- the browser copy ------------------------------------------------------------------
  function storeDraft() {
    try {
      localStorage.setItem(draftKey, JSON.stringify({
        version: Number(versionInput().value), fields: values(), at: Date.now(),
      }));
    } catch (e) { /* private mode or full: the server copy still works */ }
  }
  function readDraft() {
    try { return JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { return null; }
  }
  function dropDraft() {
    try { localStorage.removeItem(draftKey); } catch (e) { /* ignore */ }
  }

  function offerRestore() {
    const draft = readDraft();
    const banner = document.getElementById("draft-restore");
    if (!draft || !draft.fields || !banner) return;
    const current = values();
    const differs = FIELDS.some((name) => name in draft.fields && draft.fields[name] !== current[name]);
    if (!differs) { dropDraft(); return; }
    banner.hidden = false;
    banner.querySelector("[data-restore-draft]").addEventListener("click", () => {
      FIELDS.forEach((name) => { const el = field(name); if (el && name in draft.fields) el.value = draft.fields[name]; });
      // Save from the version the copy was made at: if someone saved since, that's a conflict, not an overwrite.
      versionInput().value = String(draft.version);
      banner.hidden = true;
      dirty = true;
      updateClaimReviewed();
      form.requestSubmit();
    });
    banner.querySelector("[data-discard-draft]").addEventListener("click", () => { dropDraft(); banner.hidden = true; });
  }

  // ---- typing ----------------------------------------------------------------------------
  form.addEventListener("input", () => {
    dirty = true;
    typedDuringSave = true;
    storeDraft();
    if (autosave && !conflictOpen()) setStatus("Unsaved changes…");
  });

  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  // ---- htmx: autosave requests and their answers -------------------------------------------
  document.body.addEventListener("htmx:confirm", (event) => {
    const elt = event.detail.elt;
    if (elt === form) {
      // Autosave waits while a conflict is open: the editor decides, field by field.
      const trigger = event.detail.triggeringEvent;
      if (trigger && trigger.type === "input" && conflictOpen()) event.preventDefault();
      return;
    }
    // Workflow buttons (submit, publish, send back) save unsaved text first.
    if (elt.querySelector && elt.querySelector("[data-flush-first]") && dirty && !form.querySelector("fieldset[disabled]")) {
      event.preventDefault();
      afterSave.push((ok) => { if (ok) event.detail.issueRequest(); });
      form.requestSubmit();
    }
  });

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt !== form) return;
    typedDuringSave = false;
    clearTimeout(retryTimer);
    setStatus("Saving…");
  });

  // 409 (conflict) and 422 (invalid) carry fragments to show, not errors to hide.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const code = event.detail.xhr.status;
    if (code === 409 || code === 422) { event.detail.shouldSwap = true; event.detail.isError = false; }
  });

  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt !== form) return;
    const xhr = event.detail.xhr;
    const ok = !!xhr && xhr.status >= 200 && xhr.status < 300;
    if (ok) {
      if (!typedDuringSave) { dirty = false; dropDraft(); } else { storeDraft(); }
    } else if (!xhr || xhr.status === 0) {
      setStatus("Offline: your text is kept in this browser; retrying…", "bad");
      retryTimer = setTimeout(() => form.requestSubmit(), 5000);
    }
    const waiting = afterSave; afterSave = [];
    waiting.forEach((callback) => callback(ok && !dirty));
  });

  document.body.addEventListener("htmx:sendError", (event) => {
    if (event.detail.elt === form) storeDraft();
  });

  // ---- the conflict panel ------------------------------------------------------------------
  document.addEventListener("click", (event) => {
    const take = event.target.closest("[data-take-theirs]");
    if (take) {
      const name = take.dataset.takeTheirs;
      const theirs = document.querySelector(`[data-theirs-for="${name}"]`);
      const el = field(name);
      if (theirs && el) {
        el.value = theirs.value;
        dirty = true;
        storeDraft();
        updateClaimReviewed();
        const row = take.closest("tr");
        row.classList.add("taken");
        take.replaceWith(Object.assign(document.createElement("span"), { className: "muted", textContent: "Using theirs" }));
      }
      return;
    }
    const reapply = event.target.closest("[data-reapply]");
    if (reapply) {
      versionInput().value = reapply.dataset.reapply;
      storeDraft();
      document.getElementById("conflict-panel").textContent = "";
      form.requestSubmit();
      return;
    }
    if (event.target.closest("[data-discard-mine]")) { dirty = false; dropDraft(); }
  });

  // ---- claim reviewed: length and the rating's label -----------------------------------------
  const reviewed = field("claim_reviewed");
  const rating = field("rating");
  const counter = document.getElementById("claim-reviewed-count");
  const warning = document.getElementById("claim-reviewed-warning");

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function updateClaimReviewed() {
    if (!reviewed || !counter) return;
    // "Under 75 characters": the most allowed is one less than the limit. Count as Python does
    // (code points, not UTF-16 units), so the counter and the publish gate agree.
    const most = Number(reviewed.dataset.limit || 75) - 1;
    const length = Array.from(reviewed.value.trim()).length;
    counter.textContent = `${length} / ${most}`;
    counter.classList.toggle("over", length > most);
    counter.classList.toggle("at-limit", length === most);
    const problems = [];
    if (length > most) {
      const cut = length - most;
      problems.push(`Too long for search engines: cut ${cut} character${cut === 1 ? "" : "s"} (${most} at most).`);
    } else if (length === most) {
      problems.push(`At the limit: ${most} characters is the most search engines show. Shorten it rather than add to it.`);
    }
    const option = rating && rating.selectedIndex > 0 ? rating.options[rating.selectedIndex] : null;
    if (option) {
      const label = option.textContent.trim();
      if (label && new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(label)}($|[^\\p{L}\\p{N}])`, "iu").test(reviewed.value)) {
        problems.push(`Leave the rating (“${label}”) out of the claim reviewed.`);
      }
    }
    warning.textContent = problems.join(" ");
    warning.hidden = problems.length === 0;
  }
  if (reviewed) reviewed.addEventListener("input", updateClaimReviewed);
  if (rating) rating.addEventListener("change", updateClaimReviewed);

  updateClaimReviewed();
  offerRestore();
})();

/* On a published fact-check a new rating can only be published as a "Rating changed" correction. */
(function () {
  "use strict";
  const form = document.getElementById("factcheck-form");
  const kind = form && form.elements.namedItem("correction_kind");
  const rating = form && form.elements.namedItem("rating");
  if (!kind || !rating) return;
  // The rating readers see now: the form may hold proposed changes with another one.
  const original = rating.dataset.published !== undefined ? rating.dataset.published : rating.value;
  const note = document.createElement("p");
  note.className = "helptext";
  note.id = "rating-change-note";
  note.hidden = true;
  note.textContent = "The rating changed, so this is published as a “Rating changed” correction with the old and new rating.";
  kind.insertAdjacentElement("afterend", note);
  function sync() {
    const changed = rating.value !== original;
    Array.from(kind.options).forEach((option) => {
      option.disabled = changed ? option.value !== "rating_change" : option.value === "rating_change";
    });
    if (changed) kind.value = "rating_change";
    else if (kind.value === "rating_change") kind.value = "";
    note.hidden = !changed;
  }
  rating.addEventListener("change", sync);
  sync();
})();

/* A citation's note saves on blur and on a pause (see edit.html); its status says whether it stuck. */
(function () {
  "use strict";
  const noteForm = (event) => {
    const elt = event.detail && event.detail.elt;
    return elt && elt.matches && elt.matches("[data-citation-note]") ? elt : null;
  };
  function noteStatus(form, text, failed) {
    const status = form.querySelector("[data-note-status]");
    if (!status) return;
    status.textContent = "";
    if (!failed) { status.textContent = text; return; }
    const message = Object.assign(document.createElement("span"), { className: "save-bad", textContent: text });
    const retry = Object.assign(document.createElement("button"), { type: "button", className: "link", textContent: "Retry" });
    retry.dataset.noteRetry = "";
    status.append(message, " ", retry);
  }
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const form = noteForm(event);
    if (form) noteStatus(form, "Saving…");
  });
  document.body.addEventListener("htmx:sendError", (event) => {
    const form = noteForm(event);
    if (form) noteStatus(form, "Not saved — the server could not be reached.", true);
  });
  document.body.addEventListener("htmx:responseError", (event) => {
    const form = noteForm(event);
    if (form) noteStatus(form, "Not saved — reload the page if this goes on.", true);
  });
  document.addEventListener("click", (event) => {
    const retry = event.target.closest("[data-note-retry]");
    const form = retry && retry.closest("[data-citation-note]");
    if (form) htmx.trigger(form, "retry");
  });
})();
