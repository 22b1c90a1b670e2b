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

// The notification region at the top of <main> (base.html). Outcomes of htmx requests are shown in
// it as GOV.UK notification banners: the server's (core/middleware.py: pending messages out of band,
// and every error response turned into a banner aimed at it), or app.js's own when no answer came.
const notifications = document.getElementById("notifications");
const noticeTemplate = document.getElementById("notification-template");

const NOTICES = {
  unreachable: "Sorry, the portal could not be reached. Check your connection and try again.",
  failed: "Sorry, there is a problem with the service. Try again later, or reload the page.",
};

// A request the user did not make (polling) finds the same notice again and again: it is shown and
// announced once. What the user does is always announced, even when the words are the same.
function isBackground(detail) {
  return !(detail.requestConfig && detail.requestConfig.triggeringEvent);
}

function isShowing(text) {
  return Boolean(notifications) && notifications.textContent.replace(/\s+/g, " ").includes(text);
}

function showNotice(message, { background = false } = {}) {
  if (!notifications || !noticeTemplate) {
    announce(message);
    return;
  }
  if (background && isShowing(message)) {
    return;
  }
  const banner = noticeTemplate.content.firstElementChild.cloneNode(true);
  banner.querySelector("[data-notice-text]").textContent = message;
  notifications.replaceChildren(banner);
  initComponents(banner);
  announce(message);
}

function textOf(html) {
  const parsed = document.createElement("template"); // Inert: nothing in it loads or runs.
  parsed.innerHTML = html;
  return parsed.content.textContent.replace(/\s+/g, " ").trim();
}

// After a swap htmx puts the focus back on the element with the id of the one that had it,
// when the new content has one. Where it may not (Move up on an item now at the top, an Add
// button inside <details> closed again, a Save button whose form is gone), the control names
// another with data-focus-fallback, focused here if the focus would otherwise be lost.
let focusFallback = null;

document.addEventListener("htmx:beforeSwap", (event) => {
  const { detail } = event;
  // htmx 2 swaps no 4xx or 5xx response by default. Ours say where they go (HX-Retarget, set by
  // core/middleware.py, or by a view that shows its error itself): those are swapped and, being
  // shown, are no longer errors. Any other (a proxy's error page) gets a banner of our own instead.
  if (detail.xhr.status >= 400) {
    if (!detail.xhr.getResponseHeader("HX-Retarget")) {
      detail.shouldSwap = false;
      showNotice(NOTICES.failed, { background: isBackground(detail) });
      return;
    }
    detail.shouldSwap = true;
    detail.isError = false;
  }
  if (detail.target === notifications && isBackground(detail) && isShowing(textOf(detail.serverResponse))) {
    detail.shouldSwap = false;
    return;
  }
  const focused = document.activeElement;
  const { target } = detail;
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

document.addEventListener("htmx:sendError", (event) => {
  showNotice(NOTICES.unreachable, { background: isBackground(event.detail) });
});

document.addEventListener("htmx:timeout", (event) => {
  showNotice(NOTICES.unreachable, { background: isBackground(event.detail) });
});
