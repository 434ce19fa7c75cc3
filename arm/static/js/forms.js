// The error summary of a form re-rendered with errors (macros/forms.html): focus it when the page loads if
// the browser did not honour its autofocus, and let each of its links move focus to the field itself,
// with the field's label or legend scrolled into view, as GOV.UK's design system does.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  if (!document.activeElement || document.activeElement === document.body) {
    summary.focus();
  }
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    const legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    (field.type === "checkbox" && legend ? legend : label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
});

// The counter of a text field with a limit (macros/forms.html `_limit`): "12/200" in the limit's hint as one
// types. Near and over the limit the count is also said, politely and once the typing pauses, not on every
// keystroke. Without JavaScript the hint alone tells the limit, and the server says when a text is too long.
document.addEventListener("DOMContentLoaded", () => {
  for (const field of document.querySelectorAll("[data-limit]")) {
    const hint = document.getElementById(`${field.id}-limit`);
    const counter = hint && hint.querySelector("[data-char-count]");
    const announcer = hint && hint.nextElementSibling;
    if (!counter || !announcer || !announcer.hasAttribute("data-char-announce")) {
      continue;
    }
    const limit = Number(field.dataset.limit);
    let timer = null;
    let said = "";
    const update = (speak) => {
      // As the server counts: characters, not UTF-16 units, and a line break is sent as two (CR LF).
      const length = [...field.value].length + (field.value.match(/\n/g) || []).length;
      const left = limit - length;
      counter.textContent = `${length}/${limit}`;
      hint.classList.toggle("text-danger", left < 0);
      if (!speak) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => {
        const near = left <= Math.max(10, Math.floor(limit / 10));
        const template = left < 0 ? hint.dataset.over : hint.dataset.left;
        const message = near ? template.replace("{n}", String(Math.abs(left))) : "";
        if (message !== said) {
          announcer.textContent = message;
          said = message;
        }
      }, 700);
    };
    field.addEventListener("input", () => update(true));
    update(false);
  }
});
