// Progressive enhancement only: every page works without this file.
"use strict";

// Ask before a form that removes something; say that a slow form is working.
document.addEventListener("submit", (event) => {
  if (event.defaultPrevented) return;  // handled in the page (the filter preview)
  const form = event.target;
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  const button = form.querySelector("button[data-busy]");
  if (button) {
    button.textContent = button.dataset.busy;
    // Disabled after this tick, so the browser still sends the form.
    setTimeout(() => { button.disabled = true; }, 0);
  }
});

// The summary preview follows the method and length as they change, without a reload.
const preview = document.getElementById("preview-form");
if (preview) {
  const body = document.getElementById("summary-body");
  let pending = null;
  const refresh = async () => {
    const query = new URLSearchParams(new FormData(preview)).toString();
    const url = `${window.location.pathname}?${query}`;
    if (pending) pending.abort();
    pending = new AbortController();
    try {
      const response = await fetch(url, { signal: pending.signal, credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("summary-body");
      if (fresh) body.replaceChildren(...fresh.childNodes);
      const problem = page.getElementById("form-error");
      body.setAttribute("data-error", problem ? problem.textContent : "");
      if (problem) body.prepend(problem);
      history.replaceState(null, "", url);
    } catch (error) {
      if (error.name !== "AbortError") preview.submit();
    }
  };
  preview.addEventListener("change", refresh);
  preview.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
}

// The filter preview follows the filter form as it is filled in: the same page's preview
// section, fetched with the form's fields (never the CSRF token: a GET puts them in the URL).
const filterForm = document.getElementById("filter-form");
if (filterForm) {
  const body = document.getElementById("preview-body");
  let pending = null;
  let timer = null;
  const refresh = async () => {
    const fields = new FormData(filterForm);
    fields.delete("csrf");
    const url = `${filterForm.dataset.preview}?${new URLSearchParams(fields).toString()}`;
    if (pending) pending.abort();
    pending = new AbortController();
    body.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { signal: pending.signal, credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("preview-body");
      const problem = page.getElementById("form-error");
      if (problem) {
        problem.removeAttribute("id");
        body.replaceChildren(problem);
      } else if (fresh) {
        body.replaceChildren(...fresh.childNodes);
      }
      body.removeAttribute("aria-busy");
    } catch (error) {
      if (error.name !== "AbortError") body.removeAttribute("aria-busy");
    }
  };
  const soon = () => { clearTimeout(timer); timer = setTimeout(refresh, 400); };
  filterForm.addEventListener("input", soon);
  filterForm.addEventListener("change", soon);
  filterForm.addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.getAttribute("formaction")) {
      event.preventDefault();
      refresh();
    }
  });
  refresh();
}
