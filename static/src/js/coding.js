// The coding page (consultations/templates/consultations/coding.html): each "Add a theme" field
// becomes an accessible combobox (alphagov's accessible-autocomplete, loaded before this module as a
// classic deferred script), and after a comment's themes are saved the focus moves on to the next
// comment not coded yet. Without JavaScript the field is a text input with a datalist, and the page
// comes back with the next comment's field focused (autofocus). "Not this theme" on a suggested theme
// swaps the suggestion for a note, which takes the focus.
//
// Keyboard: type a theme's name; Enter picks the highlighted suggestion (an existing theme, or "New
// theme: ..." for a name not used yet), which ticks it in the comment's themes and clears the field for
// the next; Enter in the empty field saves.

const NEW_PREFIX = "New theme: ";

function themeNames() {
  return Array.from(document.querySelectorAll("#theme-names option"), (option) => option.value);
}

function same(a, b) {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

function suggest(query, populate) {
  const wanted = query.trim().toLocaleLowerCase();
  const names = themeNames();
  const matches = names.filter((name) => name.toLocaleLowerCase().includes(wanted));
  if (wanted && !names.some((name) => same(name, query))) {
    matches.push(`${NEW_PREFIX}${query.trim()}`);
  }
  populate(matches);
}

// Tick the theme among the comment's checkboxes, or add a ticked one for a theme it was not offered
// (sent by name: the server finds the theme, or makes it).
function tick(form, number, name) {
  // The suggested themes are checkboxes too (their own group); a new one joins the comment's themes.
  const boxes = form.querySelector(".govuk-checkboxes:not(.app-suggested)");
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    const label = form.querySelector(`label[for="${box.id}"]`);
    if (label && same(label.textContent, name)) {
      box.checked = true;
      return;
    }
  }
  const index = boxes.querySelectorAll(".govuk-checkboxes__item").length;
  const item = document.createElement("div");
  item.className = "govuk-checkboxes__item";
  const input = document.createElement("input");
  input.className = "govuk-checkboxes__input";
  input.type = "checkbox";
  input.name = "new_theme";
  input.value = name;
  input.checked = true;
  input.id = `c${number}-added-${index}`;
  const label = document.createElement("label");
  label.className = "govuk-label govuk-checkboxes__label";
  label.htmlFor = input.id;
  label.textContent = name;
  item.append(input, label);
  boxes.append(item);
}

function enhance(root) {
  const make = window.accessibleAutocomplete;
  if (typeof make !== "function") {
    return; // The library did not load: the text field and its datalist still work.
  }
  for (const original of root.querySelectorAll("input[data-coding-theme-input]")) {
    const form = original.form;
    const number = original.id.split("-")[0].slice(1);
    const container = document.createElement("div");
    container.className = "app-coding-autocomplete";
    const focusIt = original.hasAttribute("autofocus");
    const describedBy = original.getAttribute("aria-describedby");
    original.replaceWith(container);
    make({
      element: container,
      id: original.id,
      // No name: the field itself is never sent. What it chose is sent by its ticked checkbox, and a name
      // typed but not chosen is ticked as the form is sent (below), so "New theme: ..." never arrives.
      source: suggest,
      autoselect: true,
      confirmOnBlur: false,
      displayMenu: "overlay",
      minLength: 1,
      tNoResults: () => "No themes found",
      onConfirm: (chosen) => {
        if (!chosen) {
          return;
        }
        const name = chosen.startsWith(NEW_PREFIX) ? chosen.slice(NEW_PREFIX.length) : chosen;
        tick(form, number, name);
        // After the component has shown the choice: take it out of the field for the next theme, keeping
        // anything typed meanwhile (a quick typist's next letters must not be lost).
        window.setTimeout(() => {
          const input = document.getElementById(original.id);
          if (input.value.startsWith(chosen)) {
            input.value = input.value.slice(chosen.length);
          }
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }, 0);
      },
    });
    const input = document.getElementById(original.id);
    if (describedBy) {
      input.setAttribute("aria-describedby", `${describedBy} ${input.getAttribute("aria-describedby") || ""}`.trim());
    }
    if (focusIt) {
      input.focus();
    }
  }
}

// After a save, on to the next comment not coded yet on this page; else the next page's link; else the
// progress heading.
function focusNext(row) {
  let next = row.nextElementSibling;
  while (next && next.getAttribute("data-coded") !== "false") {
    next = next.nextElementSibling;
  }
  const target =
    next?.querySelector("input[type=text], input:not([type])") ||
    document.getElementById("coding-next-page") ||
    document.getElementById("coding-progress-heading");
  target?.focus();
}

// Sending a comment's themes: a name still in the field (typed, not chosen from the list) is ticked first.
// In the capture phase, before htmx reads the form.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    for (const input of form.querySelectorAll(".app-coding-autocomplete input")) {
      const typed = input.value.trim();
      if (typed) {
        const number = input.id.split("-")[0].slice(1);
        tick(form, number, typed.startsWith(NEW_PREFIX) ? typed.slice(NEW_PREFIX.length) : typed);
        input.value = "";
      }
    }
  },
  true,
);

enhance(document);

document.addEventListener("htmx:load", (event) => {
  const root = event.target;
  if (!(root instanceof Element) || root === document.body) {
    return;
  }
  enhance(root);
  if (root.hasAttribute("data-suggestion-rejected")) {
    // The "Not this theme" button is gone: the focus stays where it was, on what replaced it.
    root.focus();
    return;
  }
  if (root.hasAttribute("data-coding-saved")) {
    root.removeAttribute("data-coding-saved");
    focusNext(root);
  }
});
