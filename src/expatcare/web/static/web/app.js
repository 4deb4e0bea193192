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
