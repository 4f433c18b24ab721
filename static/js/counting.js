// Keying ballots (templates/elections/counting_page.html). The form posts with fetch as an htmx
// request; the server answers the page's live part (progress, disagreements, totals), which
// replaces the old one. The serial moves on to the operator's next ballot and the reading is
// cleared, unless the operator already typed the next one. Without this script the form posts
// and the page redirects.
(() => {
  const form = document.querySelector("form[data-counting-key]");
  if (!form) return;
  const serial = form.querySelector("[name=serial]");
  const reading = form.querySelector("[name=reading]");
  let busy = false;

  const showError = (text) => {
    const live = document.getElementById("counting-live");
    const alert = document.createElement("div");
    alert.className = "alert alert-danger py-2";
    alert.setAttribute("role", "alert");
    alert.dataset.keyResult = "error";
    alert.textContent = text;
    live.querySelectorAll("[data-key-result]").forEach((old) => old.remove());
    live.prepend(alert);
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    const sentSerial = serial.value;
    const sentReading = reading.value;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "HX-Request": "true" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        showError(`${response.status} ${response.statusText}`);
        return;
      }
      const template = document.createElement("template");
      template.innerHTML = (await response.text()).trim();
      const fresh = template.content.querySelector("#counting-live");
      if (!fresh) {
        showError(form.dataset.failed || "?");
        return;
      }
      document.getElementById("counting-live").replaceWith(fresh);
      const result = fresh.querySelector("[data-key-result]");
      if (result && result.dataset.keyResult === "ok") {
        serial.classList.remove("is-invalid");
        reading.classList.remove("is-invalid");
        form.querySelectorAll(".invalid-feedback").forEach((old) => old.remove());
        if (serial.value === sentSerial) serial.value = fresh.dataset.nextSerial || "";
        if (reading.value === sentReading) reading.value = "";
      }
    } catch (error) {
      showError(String(error));
    } finally {
      busy = false;
      reading.focus();
    }
  });

  // "Key again" in the disagreements list: the ballot's serial in the form, ready to type.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-rekey]");
    if (!link) return;
    event.preventDefault();
    serial.value = link.dataset.rekey;
    reading.value = link.dataset.reading || "";
    reading.focus();
    reading.select();
  });
})();
