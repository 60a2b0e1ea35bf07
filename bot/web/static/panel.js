// Progressive enhancement only: every page works without this file.
"use strict";

// Ask before a form that removes something; say that a slow form is working.
document.addEventListener("submit", (event) => {
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
