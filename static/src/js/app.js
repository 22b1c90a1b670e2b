// HWB Portal: start GOV.UK Frontend and keep it working across htmx swaps.
//
// Loaded as <script type="module">, so it runs once the document is parsed and
// after htmx (a deferred classic script placed before it). No inline script is
// allowed by our Content Security Policy, so the body classes GOV.UK's page
// template sets inline are set here.

import * as GOVUKFrontend from "./govuk-frontend.min.js";

const { initAll } = GOVUKFrontend;
// Every component class GOV.UK Frontend exports (each names its data-module).
const components = Object.values(GOVUKFrontend).filter(
  (candidate) => typeof candidate === "function" && candidate.moduleName,
);

// A browser that runs modules is one GOV.UK Frontend supports.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

function reportError(error) {
  console.error(error);
}

// initAll only looks below its scope, so a component that is itself the root of
// swapped content (an error summary swapped outerHTML, say) is started here.
function initComponents(root) {
  initAll({ scope: root, onError: reportError });
  const moduleName = root.getAttribute("data-module");
  const Component = components.find((candidate) => candidate.moduleName === moduleName);
  if (Component && !root.hasAttribute(`data-${moduleName}-init`)) {
    try {
      new Component(root);
    } catch (error) {
      reportError(error);
    }
  }
}

initAll({ onError: reportError });

// Announcements go to the permanent role="status" region in base.html. A live
// region announces changes to its text, so it is cleared first and filled a
// moment later: the same message twice in a row is then heard twice.
const announcer = document.getElementById("status-announcer");
const pendingMessages = [];
let announceTimer = null;

function announce(message) {
  if (!announcer || !message) {
    return;
  }
  pendingMessages.push(message);
  if (announceTimer === null) {
    announcer.textContent = "";
    announceTimer = window.setTimeout(() => {
      announcer.textContent = pendingMessages.join(" ");
      pendingMessages.length = 0;
      announceTimer = null;
    }, 150);
  }
}

function announceWithin(root) {
  const elements = root.matches("[data-announce]") ? [root] : [];
  elements.push(...root.querySelectorAll("[data-announce]"));
  for (const element of elements) {
    announce(element.getAttribute("data-announce").trim());
  }
}

// htmx fires htmx:load for each element it adds (including out-of-band swaps),
// and once for <body> at start-up, which initAll above has already covered.
document.addEventListener("htmx:load", (event) => {
  const root = event.target;
  if (!(root instanceof Element) || root === document.body) {
    return;
  }
  initComponents(root);
  announceWithin(root);
});

// A partial updates the live region out of band (hx-swap-oob="innerHTML:#status-announcer").
// Its text goes through announce() instead of straight in, so that it is cleared first: the
// same message twice in a row ("Moved.") is heard twice, and it joins any other announcement.
document.addEventListener("htmx:oobBeforeSwap", (event) => {
  const { target, fragment } = event.detail;
  if (announcer && target === announcer) {
    event.detail.shouldSwap = false;
    announce(fragment.textContent.trim());
  }
});

// After a swap htmx puts the focus back on the element with the id of the one that had it,
// when the new content has one. Where it may not (Move up on an item now at the top, an Add
// button inside <details> closed again, a Save button whose form is gone), the control names
// another with data-focus-fallback, focused here if the focus would otherwise be lost.
let focusFallback = null;

document.addEventListener("htmx:beforeSwap", (event) => {
  const focused = document.activeElement;
  const { target } = event.detail;
  if (focused instanceof HTMLElement && target instanceof Element && target.contains(focused)) {
    focusFallback = focused.dataset.focusFallback || null;
  }
});

document.addEventListener("htmx:afterSettle", () => {
  if (focusFallback === null) {
    return;
  }
  const fallback = document.getElementById(focusFallback);
  focusFallback = null;
  const focused = document.activeElement;
  if (fallback && (focused === null || focused === document.body)) {
    fallback.focus();
  }
});

// htmx swaps nothing for an error response, so say something rather than
// leave a screen reader user with silence.
document.addEventListener("htmx:responseError", () => {
  announce("Sorry, there is a problem with the service. Try again, or reload the page.");
});

document.addEventListener("htmx:sendError", () => {
  announce("Sorry, the portal could not be reached. Check your connection and try again.");
});
