// Progressive enhancement: while a matching run is unfinished, poll its status and reload when it ends.
// Without JavaScript the page offers a "Refresh" link instead.
(function () {
  "use strict";
  var box = document.getElementById("run-status");
  if (!box || box.dataset.finished === "1") { return; }
  var progress = box.querySelector("progress");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (progress && typeof data.progress === "number") { progress.value = data.progress; progress.textContent = data.progress + " %"; }
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
