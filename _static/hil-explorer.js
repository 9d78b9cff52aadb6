// Static explorers: a range input switches between figures precomputed at build time.
// No kernel, no network, no dependencies. Each frame carries its own alt text.
(function () {
  function init(root) {
    var input = root.querySelector('input[type="range"]');
    if (!input) return;
    var frames = root.querySelectorAll("img.hil-frame");
    var out = root.querySelector("output");
    var labels = (input.getAttribute("data-labels") || "").split("|");
    function show() {
      var i = parseInt(input.value, 10);
      for (var j = 0; j < frames.length; j++) frames[j].hidden = j !== i;
      if (out && labels[i] !== undefined) out.textContent = labels[i];
      input.setAttribute("aria-valuetext", labels[i] || String(i));
    }
    input.addEventListener("input", show);
    show();
  }
  function all() {
    var roots = document.querySelectorAll(".hil-explorer");
    for (var i = 0; i < roots.length; i++) init(roots[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
