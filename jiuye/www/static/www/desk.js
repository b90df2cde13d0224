// The caseworker's desk (person card, its forms, the job-seeker registration). Every form works without this file;
// it only makes them kinder:
// - a form with a choice that decides other fields (`select[data-switch]`: the service type, the key group) shows
//   only the fields marked for the chosen value (`data-show-for="subsidy"`), and disables the hidden ones so that a
//   value typed before the choice changed is not sent;
// - a plain form (not htmx, which disables its own buttons) cannot be sent twice by a double click;
// - the occupation picker turns a suggestion into a chip holding the occupation's code (Enter takes the first).
(function () {
  "use strict";

  function showFor(form) {
    const choice = form.querySelector("select[data-switch]");
    if (!choice) return;
    form.querySelectorAll("[data-show-for]").forEach(function (input) {
      const shown = input.dataset.showFor.split(" ").indexOf(choice.value) >= 0;
      const field = input.closest(".field") || input;
      field.hidden = !shown;
      input.disabled = !shown;
    });
  }

  function setUp(root) {
    const forms = root.matches && root.matches("form") ? [root] : Array.from(root.querySelectorAll("form"));
    forms.forEach(showFor);
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-switch]")) showFor(event.target.form);
  });

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.hasAttribute("data-once") || form.hasAttribute("hx-post")) return;
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    // After the submit event, so that the clicked button's name and value are still sent.
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
    }, 0);
  });

  // Back to a page from the browser's cache: its forms may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = false; });
    });
  });

  document.addEventListener("click", function (event) {
    const pick = event.target.closest("button.pick");
    if (pick) {
      choose(pick);
      return;
    }
    const remove = event.target.closest("button.chip-remove");
    if (remove) remove.closest(".chip").remove();
  });

  // Enter in the picker's search box picks the first suggestion instead of sending the whole form half filled.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches("[data-picker] input[type=search]")) return;
    event.preventDefault();
    const first = event.target.closest("[data-picker]").querySelector("button.pick");
    if (first) choose(first);
  });

  function choose(pick) {
    const picker = pick.closest("[data-picker]");
    const chips = picker.querySelector("[data-chips]");
    const code = pick.dataset.code;
    const known = Array.from(chips.querySelectorAll("input[type=hidden]")).some(function (input) {
      return input.value === code;
    });
    if (!known) chips.appendChild(chip(code, pick.dataset.name, chips.dataset.removeLabel));
    const search = picker.querySelector("input[type=search]");
    search.value = "";
    picker.querySelector(".picker-results").replaceChildren();
    search.focus();
  }

  function chip(code, name, removeLabel) {
    const item = document.createElement("li");
    item.className = "chip";
    const label = document.createElement("span");
    label.textContent = name;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "desired_occupations";
    input.value = code;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "chip-remove";
    remove.setAttribute("aria-label", removeLabel + name);
    remove.textContent = "×";
    item.append(label, input, remove);
    return item;
  }

  if (window.htmx) {
    window.htmx.onLoad(setUp);  // the page, and every section htmx swaps in
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
})();
