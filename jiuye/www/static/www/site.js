// What every page shares: the menu button of narrow screens, and the message shown when an htmx request fails.
(function () {
  "use strict";

  // The menu button (shown on narrow screens only) opens and closes the navigation; Escape or a click elsewhere
  // closes it and gives the focus back to the button.
  const toggle = document.querySelector(".menu-toggle");
  const header = document.querySelector(".topbar");
  function setMenu(open) {
    header.classList.toggle("menu-open", open);
    toggle.setAttribute("aria-expanded", String(open));
  }
  if (toggle && header) {
    toggle.addEventListener("click", () => setMenu(toggle.getAttribute("aria-expanded") !== "true"));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        setMenu(false);
        toggle.focus();
      }
    });
    document.addEventListener("click", (event) => {
      if (header.classList.contains("menu-open") && !header.contains(event.target)) setMenu(false);
    });
  }

  // A form with data-confirm asks before it is sent (a contact's removal): the Content-Security-Policy allows no
  // inline handler such as onsubmit="return confirm(...)".
  document.addEventListener("submit", (event) => {
    const question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // htmx leaves the page as it is when a response is an error (4xx, 5xx) or never comes: say so. The error pages
  // answer htmx with a short fragment whose text is the reason in Chinese; anything else gets the generic message.
  const toast = document.getElementById("request-error");
  if (!toast) return;
  const text = toast.querySelector(".toast-text");
  function show(message) {
    text.textContent = message;
    toast.hidden = false;
  }
  function reasonOf(xhr) {
    const fragment = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    const alert = fragment.querySelector("[data-error-status]");
    if (alert) return alert.textContent.trim();
    return toast.dataset.failed.replace("{status}", xhr.status);
  }
  toast.querySelector(".toast-close").addEventListener("click", () => { toast.hidden = true; });
  document.addEventListener("htmx:responseError", (event) => show(reasonOf(event.detail.xhr)));
  document.addEventListener("htmx:sendError", () => show(toast.dataset.offline));
  document.addEventListener("htmx:beforeRequest", () => { toast.hidden = true; });
})();
