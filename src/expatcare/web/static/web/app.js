// Progressive enhancement only; every page works without it. No inline scripts (CSP).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.dataset.autosubmit !== undefined) {
    target.form?.submit();
  }
});
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm) {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  }
});
// The phone menu: the button opens and closes the navigation and says which it is.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest(".menu-toggle") : null;
  if (!button) return;
  const menu = document.getElementById(button.getAttribute("aria-controls") || "");
  if (!menu) return;
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  menu.classList.toggle("open", open);
});
// A table wider than its box scrolls inside it; keyboard users must be able to reach it.
function markScrollableTables(root) {
  for (const box of root.querySelectorAll(".table-scroll, .table-wrap, main table")) {
    if (box.scrollWidth > box.clientWidth + 1) {
      if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    } else if (box.getAttribute("tabindex") === "0" && box.dataset.keepTabindex === undefined) {
      box.removeAttribute("tabindex");
    }
  }
}
markScrollableTables(document);
window.addEventListener("resize", () => markScrollableTables(document));
document.addEventListener("htmx:afterSwap", () => markScrollableTables(document));
// Long selects (time zones) get a filter box: typing "lagos" or "+05:30" keeps the matches.
for (const select of document.querySelectorAll("select[data-searchable]")) {
  const box = document.createElement("input");
  box.type = "search";
  box.className = "select-filter";
  box.setAttribute("aria-label", select.dataset.searchLabel || "Search");
  box.setAttribute("aria-controls", select.id);
  box.placeholder = select.dataset.searchLabel || "";
  select.before(box);
  box.addEventListener("input", () => {
    const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    let first = null;
    for (const option of select.querySelectorAll("option")) {
      const text = `${option.textContent} ${option.value}`.toLowerCase();
      const match = words.every((word) => text.includes(word));
      option.hidden = !match;
      if (match && !first) first = option;
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = ![...group.querySelectorAll("option")].some((option) => !option.hidden);
    }
    if (!select.multiple && first && select.selectedOptions[0]?.hidden) first.selected = true;
  });
}
// A multiple select marked data-chips (nationalities) becomes a type-to-search box with the
// chosen entries as removable chips. The select stays the form's input (hidden), so the page
// posts what it always posted; without script it is an ordinary multiple select.
let chipLists = 0;
for (const select of document.querySelectorAll("select[multiple][data-chips]")) {
  chipLists += 1;
  const filter = select.previousElementSibling?.classList.contains("select-filter")
    ? select.previousElementSibling
    : null;
  filter?.remove();
  const listId = `chips-options-${chipLists}`;
  const input = document.createElement("input");
  input.type = "text";
  input.className = "chips-input";
  input.setAttribute("list", listId);
  input.setAttribute("autocomplete", "off");
  input.setAttribute("aria-describedby", `${listId}-chosen`);
  if (select.id) {
    input.id = select.id;
    select.id = `${select.id}-select`;
  }
  const datalist = document.createElement("datalist");
  datalist.id = listId;
  for (const option of select.options) {
    const entry = document.createElement("option");
    entry.value = option.textContent;
    datalist.append(entry);
  }
  const chosen = document.createElement("ul");
  chosen.className = "chips";
  chosen.id = `${listId}-chosen`;
  chosen.setAttribute("aria-live", "polite");
  select.hidden = true;
  select.required = false; // the browser cannot point at a hidden input; the server says it
  select.after(input, datalist, chosen);
  const render = () => {
    chosen.replaceChildren();
    for (const option of select.selectedOptions) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "chip";
      button.textContent = `${option.textContent} ×`;
      button.setAttribute("aria-label", `${select.dataset.removeLabel || "Remove"}: ${option.textContent}`);
      button.addEventListener("click", () => {
        option.selected = false;
        render();
        input.focus();
      });
      item.append(button);
      chosen.append(item);
    }
  };
  const pick = () => {
    const wanted = input.value.trim().toLowerCase();
    if (!wanted) return false;
    const match = [...select.options].find(
      (option) => option.textContent.toLowerCase() === wanted || option.value.toLowerCase() === wanted,
    );
    if (!match) return false;
    match.selected = true;
    input.value = "";
    render();
    return true;
  };
  input.addEventListener("change", pick);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && input.value.trim()) {
      event.preventDefault();
      pick();
    }
  });
  // A name typed but not confirmed still counts when the form is sent.
  select.form?.addEventListener("submit", pick);
  render();
}
// Rows of language and level: "Add a language" copies the blank row, "Remove" drops a row.
for (const box of document.querySelectorAll(".language-rows")) {
  const list = box.querySelector(".language-list");
  const template = box.querySelector("template");
  const add = box.querySelector(".row-add");
  if (!list || !template || !add) continue;
  let next = list.children.length;
  const wire = (row) => {
    const remove = row.querySelector(".row-remove");
    if (!remove) return;
    remove.hidden = false;
    remove.addEventListener("click", () => {
      row.remove();
      add.focus();
    });
  };
  // Keep one blank row ready; the script adds more on demand.
  const blanks = [...list.children].filter((row) => !row.querySelector("select")?.value);
  for (const row of blanks.slice(1)) row.remove();
  for (const row of list.children) wire(row);
  add.hidden = false;
  add.addEventListener("click", () => {
    const fragment = template.content.cloneNode(true);
    for (const element of fragment.querySelectorAll("[id], [for]")) {
      for (const attribute of ["id", "for"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(/_999$/, `_${next}`));
      }
    }
    next += 1;
    const row = fragment.querySelector(".language-row");
    list.append(fragment);
    wire(row);
    row.querySelector("select")?.focus();
  });
}
