// The occupation picker (templates/www/supply/occupation_picker.html says what it does); the search's address is the
// script tag's data-url.
(function () {
  const url = document.currentScript.dataset.url;
  const picked = /^\d(-\d\d){0,3} /;  // a chosen option: the code, a space, the name
  document.querySelectorAll("input.occupation").forEach(function (input) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    const target = input.dataset.target ? document.getElementById(input.dataset.target) : null;
    let timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      const q = input.value.trim();
      if (picked.test(q)) {
        if (target) {
          add(target, q);
          input.value = "";
        }
        return;
      }
      if (q.length < 1) return;
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (response) { return response.json(); })
          .then(function (rows) {
            list.replaceChildren(...rows.slice(0, 30).map(function (row) {
              const option = document.createElement("option");
              option.value = row.code + " " + row.name;
              return option;
            }));
          });
      }, 250);
    });
  });

  function add(target, value) {
    const code = value.split(" ")[0];
    const items = target.value.split(/[,，;；\n]+/).map(function (item) { return item.trim(); }).filter(Boolean);
    if (items.some(function (item) { return item.split(" ")[0] === code; })) return;
    items.push(value);
    target.value = items.join("，");
  }
})();
