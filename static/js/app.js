// The congress office. No inline scripts (the Content Security Policy forbids them):
// behaviour is attached here through data- attributes.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
// Tree rows: a second click on an opened node closes its subtree.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-tree-toggle]");
  if (!toggle) return;
  const row = toggle.closest("tr");
  if (row.dataset.open === "1") {
    event.preventDefault();
    event.stopImmediatePropagation();
    let next = row.nextElementSibling;
    const level = Number(row.dataset.level);
    while (next && Number(next.dataset.level) > level) {
      const after = next.nextElementSibling;
      next.remove();
      next = after;
    }
    row.dataset.open = "0";
    toggle.textContent = "▸";
  }
}, true);
document.addEventListener("htmx:afterRequest", (event) => {
  const toggle = event.detail.elt.closest && event.detail.elt.closest("[data-tree-toggle]");
  if (toggle && event.detail.successful) {
    const row = toggle.closest("tr");
    row.dataset.open = "1";
    toggle.textContent = "▾";
  }
});
// Links that carry a filter form's current values (the member export follows the list's
// filters, which htmx applies without reloading the page).
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt;
  if (!(form instanceof HTMLFormElement) || !form.id) return;
  const query = new URLSearchParams(new FormData(form)).toString();
  document.querySelectorAll(`a[data-query-from="${form.id}"]`).forEach((link) => {
    link.search = query;
  });
});
// A print button ("Print" on the summary of comments).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
// A create form is sent once (a courtesy: the server counts a submission once anyway, by its
// submission_token). Buttons are disabled after the event, so that the clicked button's name
// ("add_another") is still sent; a page brought back from the history is usable again.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.querySelector('input[name="submission_token"]')) return;
  if (form.dataset.submitted === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "1";
  setTimeout(() => {
    form.querySelectorAll("button:not([type=button]), input[type=submit]").forEach((button) => {
      button.disabled = true;
    });
  }, 0);
});
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-submitted]").forEach((form) => {
    delete form.dataset.submitted;
    form.querySelectorAll("button, input[type=submit]").forEach((button) => { button.disabled = false; });
  });
});
