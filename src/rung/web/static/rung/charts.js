// Render every <figure data-spec="ID"> with the Vega-Lite spec in <script id="ID">,
// using the page's number and month names (from Babel, see rung.web.formatting).
(function () {
  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function render() {
    var locale = readJSON("chart-locale") || {};
    document.querySelectorAll("figure[data-spec]").forEach(function (figure) {
      var spec = readJSON(figure.dataset.spec);
      if (!spec) return;
      // Embed into an unpadded child, so "container" width is the space inside the card.
      var target = document.createElement("div");
      figure.appendChild(target);
      vegaEmbed(target, spec, {
        actions: false,
        renderer: "svg",
        formatLocale: locale.number,
        timeFormatLocale: locale.time,
      }).then(function () {
        figure.dataset.rendered = "true";
      }).catch(function (err) {
        figure.dataset.rendered = "error";
        figure.textContent = String(err);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
