// Fills a <datalist> with names from its data-source URL (?q=) as the person types into
// an input that names it: the enterprise field of the position search. Without script the
// field still works: the typed name is searched.
(function () {
  "use strict";
  document.querySelectorAll("datalist[data-source]").forEach(function (list) {
    var input = document.querySelector('input[list="' + list.id + '"]');
    if (!input) return;
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (!q || q === asked) return;
        asked = q;
        fetch(list.dataset.source + "?q=" + encodeURIComponent(q), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) { return response.ok ? response.json() : { names: [] }; })
          .then(function (data) {
            if (asked !== q) return;
            list.replaceChildren.apply(list, data.names.map(function (name) {
              var option = document.createElement("option");
              option.value = name;
              return option;
            }));
          })
          .catch(function () {});
      }, 200);
    });
  });
})();
