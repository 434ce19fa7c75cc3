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
