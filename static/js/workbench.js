/* The workbench's small behaviours: toasts, the review queue's keyboard and selection,
   menus, the keyboard help, and picking a quote's span by selecting text.
   No inline scripts (CSP): everything is wired here by data attributes. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // ---- Toasts: the server sends them with HX-Trigger: {"toast": {message, level}} ----
  function toast(message, level) {
    let box = document.getElementById("toasts");
    if (!box) {
      box = document.createElement("div");
      box.id = "toasts";
      box.className = "toasts";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      document.body.appendChild(box);
    }
    const item = document.createElement("div");
    item.className = "toast toast-" + (level || "success");
    item.textContent = message;
    box.appendChild(item);
    const ttl = level === "error" || level === "warning" ? 8000 : 4000;
    setTimeout(function () {
      item.classList.add("is-leaving");
      setTimeout(function () { item.remove(); }, 400);
    }, ttl);
  }
  document.addEventListener("toast", function (event) {
    const detail = event.detail || {};
    if (detail.message) toast(detail.message, detail.level);
  });
  // Failures of the queue's own requests (other pages handle theirs).
  function fromQueue(event) {
    const elt = event.detail && event.detail.elt;
    return Boolean(elt && elt.closest && elt.closest("[data-claim-row], #results, #queue-filter-form"));
  }
  document.addEventListener("htmx:responseError", function (event) {
    if (!fromQueue(event)) return;
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    const messages = {
      403: "You do not have permission to do that.",
      404: "That claim no longer exists; it may have been merged. Reload the queue to see it as it stands.",
    };
    toast(messages[status] || "Something went wrong (" + status + "). Try again.", "error");
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (fromQueue(event)) toast("The server could not be reached. Check your connection and try again.", "error");
  });

  // ---- Typing guard: shortcuts never fire while the user types ----
  function isTyping(target) {
    if (!target || !target.tagName) return false;
    const tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  // ---- Review queue: current row, selection, keyboard ----
  let currentId = null;
  const selected = new Set();

  function rows() { return Array.from(document.querySelectorAll("[data-claim-row]")); }
  function currentRow() { return currentId ? document.getElementById("claim-" + currentId) : null; }

  function setCurrent(row, focus) {
    rows().forEach(function (r) { r.classList.remove("is-current"); r.removeAttribute("aria-current"); });
    if (!row) { currentId = null; return; }
    currentId = row.dataset.claim;
    row.classList.add("is-current");
    row.setAttribute("aria-current", "true");
    if (focus) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const index = all.indexOf(currentRow());
    const next = index === -1 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
    closeMenus();
    setCurrent(all[next], true);
  }

  function ensureCurrent() {
    let row = currentRow();
    if (!row) {
      row = rows()[0] || null;
      setCurrent(row, true);
    }
    return row;
  }

  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }

  function updateBulk() {
    const checks = Array.from(document.querySelectorAll("[data-row-check]"));
    const count = checks.filter(function (c) { return c.checked; }).length;
    const label = document.querySelector("[data-bulk-count]");
    if (label) label.textContent = count ? count + " selected" : "None selected";
    const bar = document.querySelector("[data-bulk-form]");
    if (bar) bar.classList.toggle("has-selection", count > 0);
    const all = document.querySelector("[data-select-all]");
    if (all) {
      all.checked = count > 0 && count === checks.length;
      all.indeterminate = count > 0 && count < checks.length;
    }
  }

  document.addEventListener("change", function (event) {
    const target = event.target;
    if (target.matches("[data-row-check]")) {
      if (target.checked) selected.add(target.value); else selected.delete(target.value);
      updateBulk();
    } else if (target.matches("[data-select-all]")) {
      document.querySelectorAll("[data-row-check]").forEach(function (check) {
        check.checked = target.checked;
        if (target.checked) selected.add(check.value); else selected.delete(check.value);
      });
      updateBulk();
    }
  });

  // A click anywhere in a row (not on its controls) makes it the current row.
  document.addEventListener("click", function (event) {
    const row = event.target.closest("[data-claim-row]");
    if (row && !event.target.closest("a, button, input, select, label, summary, textarea")) setCurrent(row, false);
    if (!event.target.closest("details.menu")) closeMenus();
    const help = event.target.closest("[data-help-open]");
    if (help) openHelp();
    const toggle = event.target.closest("[data-filters-toggle]");
    if (toggle) {
      const panel = document.getElementById(toggle.getAttribute("aria-controls"));
      const open = panel.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
  });

  // Only one menu open at a time; the reject menu focuses its first reason.
  document.addEventListener("toggle", function (event) {
    const menu = event.target;
    if (!(menu instanceof HTMLDetailsElement) || !menu.classList.contains("menu") || !menu.open) return;
    closeMenus(menu);
    const row = menu.closest("[data-claim-row]");
    if (row) setCurrent(row, false);
    const first = menu.querySelector(".menu-body button, .menu-body select, .menu-body a");
    if (first) first.focus();
  }, true);

  // After htmx replaces a row, keep it current and keep its checkbox as it was.
  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail.elt;
    if (target && target.id === "results") {
      selected.clear();
      const row = currentRow();
      if (row) setCurrent(row, false); else currentId = null;
    }
    document.querySelectorAll("[data-row-check]").forEach(function (check) {
      if (selected.has(check.value)) check.checked = true;
    });
    const row = currentRow();
    if (row && !row.classList.contains("is-current")) {
      setCurrent(row, !document.activeElement || document.activeElement === document.body);
    }
    updateBulk();
  });

  // Typing a search makes the listed rows stale until the new results arrive.
  let searched = (document.getElementById("id_q") || {}).value || "";
  function resultsBusy() {
    const results = document.getElementById("results");
    return Boolean(results && (results.classList.contains("is-stale") || results.classList.contains("htmx-request")));
  }
  document.addEventListener("input", function (event) {
    const results = document.getElementById("results");
    if (event.target.id === "id_q" && results) results.classList.toggle("is-stale", event.target.value !== searched);
  });
  // Shared links stay short: empty filters are left out of the URL.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "queue-filter-form") return;
    const params = event.detail.parameters;
    Object.keys(params).forEach(function (key) { if (params[key] === "") delete params[key]; });
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt.id === "queue-filter-form") searched = (document.getElementById("id_q") || {}).value || "";
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    const results = document.getElementById("results");
    if (event.detail.elt.id === "queue-filter-form" && results) results.classList.remove("is-stale");
  });

  function openHelp() {
    const dialog = document.getElementById("keyboard-help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  // htmx wires up swapped-in content when the swap settles (about 20 ms later): a button
  // clicked before then would submit its form natively and reload the page, so a shortcut
  // pressed in that moment waits for the settle.
  let settling = 0;
  const onSettled = [];
  document.addEventListener("htmx:afterSwap", function () { settling += 1; });
  document.addEventListener("htmx:afterSettle", function () {
    settling = Math.max(0, settling - 1);
    if (!settling) onSettled.splice(0).forEach(function (run) { run(); });
  });

  function clickIn(row, selector) {
    const element = row && row.querySelector(selector);
    if (!element) return false;
    if (settling) onSettled.push(function () { if (element.isConnected) element.click(); });
    else element.click();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    if (key === "Escape") {
      const open = document.querySelector("details.menu[open]");
      if (open) {
        open.removeAttribute("open");
        const row = open.closest("[data-claim-row]");
        if (row) row.focus({ preventScroll: true });
        event.preventDefault();
      }
      return;
    }
    if (isTyping(event.target) || document.querySelector("dialog[open]")) return;
    if (key === "?") { openHelp(); event.preventDefault(); return; }
    if (key === "/") {
      const search = document.getElementById("id_q");
      if (search) { search.focus(); search.select(); event.preventDefault(); }
      return;
    }
    if (!document.querySelector("[data-queue]") || resultsBusy()) return;
    const openReject = document.querySelector("details[data-menu='reject'][open]");
    if (openReject && /^[1-9]$/.test(key)) {
      if (clickIn(openReject, "[data-reason-key='" + key + "']")) event.preventDefault();
      return;
    }
    let row;
    switch (key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a":
        row = ensureCurrent();
        if (!clickIn(row, "[data-action='accept']") && row) toast("This claim has already been decided; reopen it first.", "warning");
        break;
      case "r":
        row = ensureCurrent();
        if (row) {
          const menu = row.querySelector("details[data-menu='reject']");
          if (menu) menu.open = true; else toast("This claim has already been decided; reopen it first.", "warning");
        }
        break;
      case "o":
      case "Enter":
        // Enter only from the row itself: on a link or button it keeps its own meaning.
        if (key === "Enter" && !(event.target && event.target.matches && event.target.matches("[data-claim-row]"))) return;
        row = ensureCurrent();
        // Once accepted, a claim's next step is its draft fact-check: one key opens it.
        if (row) window.location.assign(row.dataset.draftUrl || row.dataset.openUrl);
        break;
      case "x":
        row = ensureCurrent();
        if (row) {
          const check = row.querySelector("[data-row-check]");
          check.checked = !check.checked;
          check.dispatchEvent(new Event("change", { bubbles: true }));
        }
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  // ---- Span editor: select words in the paragraph to set a quote's start and end ----
  function codePoints(text) { return Array.from(text).length; }

  function spanFromSelection(source) {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) return null;
    const before = document.createRange();
    before.selectNodeContents(source);
    before.setEnd(range.startContainer, range.startOffset);
    const offset = parseInt(source.dataset.offset, 10) || 0;
    const start = offset + codePoints(before.toString());
    const text = range.toString();
    return { start: start, end: start + codePoints(text), text: text };
  }

  function onSelect(event) {
    const source = event.target.closest && event.target.closest("[data-span-source]");
    if (!source) return;
    const span = spanFromSelection(source);
    if (!span) return;
    const form = source.closest("[data-span-editor]");
    form.querySelector("[data-span-start]").value = span.start;
    form.querySelector("[data-span-end]").value = span.end;
    const preview = form.querySelector("[data-span-preview]");
    if (preview) {
      preview.textContent = "New span: “" + span.text.trim() + "”";
      preview.hidden = false;
    }
  }
  document.addEventListener("mouseup", onSelect);
  document.addEventListener("keyup", function (event) { if (event.shiftKey) onSelect(event); });

  // ---- Article page: select words of the article to set a quote's span ----
  // Each paragraph carries its offset in the article body; the quote numbers printed after
  // marks ([data-not-text]) are not part of the text and are left out of the count.
  const picker = document.querySelector("[data-span-picker]");

  function plainText(range) {
    const copy = range.cloneContents();
    copy.querySelectorAll("[data-not-text]").forEach(function (el) { el.remove(); });
    return copy.textContent;
  }

  function articleSelection() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const startBlock = range.startContainer.parentElement && range.startContainer.parentElement.closest("[data-article-text] [data-block]");
    const endBlock = range.endContainer.parentElement && range.endContainer.parentElement.closest("[data-article-text] [data-block]");
    if (!startBlock) return null;
    if (startBlock !== endBlock) return { error: "Select words within one paragraph: a quote never spans two." };
    const before = document.createRange();
    before.setStart(startBlock, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const text = plainText(range);
    const start = (parseInt(startBlock.dataset.offset, 10) || 0) + codePoints(plainText(before));
    return { start: start, end: start + codePoints(text), text: text };
  }

  function bestQuote(select, span) {
    // The quote the selection overlaps most, else the nearest one.
    let best = null, bestScore = -Infinity;
    Array.from(select.options).forEach(function (option) {
      const qs = parseInt(option.dataset.start, 10), qe = parseInt(option.dataset.end, 10);
      const overlap = Math.min(qe, span.end) - Math.max(qs, span.start);
      const score = overlap > 0 ? overlap : -Math.min(Math.abs(qs - span.end), Math.abs(span.start - qe));
      if (score > bestScore) { best = option; bestScore = score; }
    });
    return best;
  }

  function showPicker() {
    const span = articleSelection();
    if (!span) return;
    const text = picker.querySelector("[data-picker-text]");
    const button = picker.querySelector("button[type=submit]");
    picker.hidden = false;
    if (span.error) {
      text.textContent = span.error;
      button.disabled = true;
      return;
    }
    button.disabled = false;
    picker.querySelector("[data-picker-start]").value = span.start;
    picker.querySelector("[data-picker-end]").value = span.end;
    text.textContent = "“" + span.text.trim() + "” (characters " + span.start + "–" + span.end + ")";
    const select = picker.querySelector("[data-picker-quote]");
    const option = bestQuote(select, span);
    if (option) select.value = option.value;
    syncPicker();
  }

  function syncPicker() {
    const select = picker.querySelector("[data-picker-quote]");
    const option = select.options[select.selectedIndex];
    if (option) picker.action = option.dataset.url;
  }

  if (picker) {
    let timer = null;
    document.addEventListener("selectionchange", function () {
      clearTimeout(timer);
      timer = setTimeout(showPicker, 150);
    });
    picker.querySelector("[data-picker-quote]").addEventListener("change", syncPicker);
    picker.querySelector("[data-picker-cancel]").addEventListener("click", function () {
      picker.hidden = true;
      window.getSelection().removeAllRanges();
    });
  }

  updateBulk();
})();
