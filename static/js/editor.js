// The body editor: a contenteditable surface over the form's <textarea>, with a toolbar.
//
// Progressive enhancement: without this script the clerk edits HTML in the textarea. With it,
// [data-editor] gets a WYSIWYG surface; the textarea stays in the form (hidden) and receives the
// HTML on every change and on submit. The server sanitises what is saved (documents.sanitize),
// so nothing here is a security boundary. Pasted HTML (Word) is cleaned by the server before it
// is inserted (data-paste-url), so the clerk sees the structure that will be stored.
// Works under the strict CSP: no inline script, no style attributes written as markup.
(() => {
  "use strict";

  const INLINE_COMMANDS = ["bold", "italic", "underline", "insertUnorderedList", "insertOrderedList"];
  const SHORTCUTS = { b: "bold", i: "italic", u: "underline" };

  function closest(node, selector, root) {
    let element = node && node.nodeType === Node.ELEMENT_NODE ? node : node && node.parentElement;
    while (element && element !== root) {
      if (element.matches(selector)) return element;
      element = element.parentElement;
    }
    return null;
  }

  // The part of Word's clipboard document between its fragment markers: the rest is <head>,
  // style sheets and settings the server would drop anyway.
  function fragmentOf(html) {
    const start = html.indexOf("<!--StartFragment-->");
    const end = html.indexOf("<!--EndFragment-->");
    if (start !== -1 && end > start) return html.slice(start + 20, end);
    return html;
  }

  function escapeText(text) {
    const div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML.replace(/\n/g, "<br>");
  }

  function setup(root) {
    const textarea = root.querySelector("textarea");
    const toolbar = root.querySelector("[data-editor-toolbar]");
    if (!textarea || !toolbar || root.dataset.editorReady) return;
    root.dataset.editorReady = "1";

    const editor = document.createElement("div");
    editor.className = "form-control document-body editor-surface";
    editor.contentEditable = "true";
    editor.id = `${textarea.id}_editor`;
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    editor.spellcheck = true;
    editor.lang = "vi";
    const label = root.querySelector(`label[for="${textarea.id}"]`);
    if (label) {
      label.id = label.id || `${textarea.id}_label`;
      editor.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", () => editor.focus());
    }
    editor.innerHTML = textarea.value.trim() || "<p><br></p>";
    textarea.before(toolbar, editor);
    textarea.classList.add("d-none");
    textarea.setAttribute("aria-hidden", "true");
    toolbar.hidden = false;

    const form = textarea.form;
    const csrf = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    const addRow = toolbar.querySelector("[data-table-add-row]");

    function sync() {
      textarea.value = editor.innerHTML;
    }

    function prepare() {
      // Paragraphs are <p>, bold is <b>: never <div> nor style spans.
      document.execCommand("defaultParagraphSeparator", false, "p");
      document.execCommand("styleWithCSS", false, false);
    }

    function exec(command, value = null) {
      if (document.activeElement !== editor) editor.focus();
      prepare();
      document.execCommand(command, false, value);
      sync();
      updateState();
    }

    function selectionInEditor() {
      const selection = window.getSelection();
      if (!selection.rangeCount) return null;
      const range = selection.getRangeAt(0);
      return editor.contains(range.commonAncestorContainer) ? range : null;
    }

    function updateState() {
      const range = selectionInEditor();
      if (!range) return;
      for (const command of INLINE_COMMANDS) {
        const button = toolbar.querySelector(`[data-command="${command}"]`);
        const on = document.queryCommandState(command);
        button.classList.toggle("active", on);
        button.setAttribute("aria-pressed", String(on));
      }
      const block = closest(range.startContainer, "p,h2,h3,h4,li", editor);
      toolbar.querySelectorAll("[data-block]").forEach((button) => {
        button.classList.toggle("active", Boolean(block) && block.tagName.toLowerCase() === button.dataset.block);
      });
      addRow.disabled = !closest(range.startContainer, "td,th", editor);
    }

    function insertTable() {
      const rows = Math.min(Math.max(parseInt(toolbar.querySelector("[data-table-rows]").value, 10) || 1, 1), 50);
      const cols = Math.min(Math.max(parseInt(toolbar.querySelector("[data-table-cols]").value, 10) || 1, 1), 12);
      const row = `<tr>${"<td><br></td>".repeat(cols)}</tr>`;
      exec("insertHTML", `<table><tbody>${row.repeat(rows)}</tbody></table><p><br></p>`);
    }

    function addTableRow() {
      const range = selectionInEditor();
      const cell = range && closest(range.startContainer, "td,th", editor);
      if (!cell) return;
      const row = cell.parentElement;
      const copy = document.createElement("tr");
      for (const old of row.cells) {
        const fresh = document.createElement("td");
        if (old.colSpan > 1) fresh.colSpan = old.colSpan;
        fresh.appendChild(document.createElement("br"));
        copy.appendChild(fresh);
      }
      row.after(copy);
      const caret = document.createRange();
      caret.setStart(copy.cells[0], 0);
      caret.collapse(true);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(caret);
      editor.focus();
      sync();
      updateState();
    }

    // Toolbar buttons keep the editor's selection: no focus change on mousedown.
    toolbar.addEventListener("mousedown", (event) => {
      if (event.target.closest("button")) event.preventDefault();
    });
    toolbar.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      if (button.dataset.block) exec("formatBlock", button.dataset.block);
      else if (button.dataset.command) exec(button.dataset.command);
      else if (button.hasAttribute("data-table-insert")) insertTable();
      else if (button.hasAttribute("data-table-add-row")) addTableRow();
    });

    editor.addEventListener("focus", prepare);
    editor.addEventListener("input", sync);
    editor.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const command = SHORTCUTS[event.key.toLowerCase()];
      if (command) {
        event.preventDefault();
        exec(command);
      }
    });
    document.addEventListener("selectionchange", updateState);

    editor.addEventListener("paste", (event) => {
      const data = event.clipboardData;
      if (!data) return;
      event.preventDefault();
      const html = data.getData("text/html");
      const text = data.getData("text/plain");
      if (!html || !root.dataset.pasteUrl || !csrf) {
        exec("insertHTML", escapeText(text));
        return;
      }
      const range = selectionInEditor();
      const saved = range && range.cloneRange();
      const restore = () => {
        if (!saved) return;
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(saved);
      };
      editor.classList.add("editor-busy");
      fetch(root.dataset.pasteUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf.value },
        body: new URLSearchParams({ html: fragmentOf(html) }),
      })
        .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
        .then((clean) => {
          restore();
          exec("insertHTML", clean || escapeText(text));
        })
        .catch(() => {
          restore();
          exec("insertHTML", escapeText(text));
        })
        .finally(() => editor.classList.remove("editor-busy"));
    });

    // Nothing to drop but text: dragged HTML would bypass the paste cleaning.
    editor.addEventListener("drop", (event) => {
      if (event.dataTransfer && event.dataTransfer.types.includes("text/html")) {
        event.preventDefault();
        exec("insertText", event.dataTransfer.getData("text/plain"));
      }
    });

    if (form) form.addEventListener("submit", sync);
  }

  function setupAll() {
    document.querySelectorAll("[data-editor]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupAll);
  else setupAll();
})();
