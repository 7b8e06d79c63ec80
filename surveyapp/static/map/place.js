/* Place question in the survey: a map that fills the hidden <id>__lat/<id>__lng inputs and
   chooses the area in the list. Without JavaScript the list alone is used (the map stays hidden). */
(function () {
  "use strict";

  function setUp(box) {
    var select = document.getElementById(box.getAttribute("data-select"));
    var latInput = document.getElementById(box.getAttribute("data-lat"));
    var lngInput = document.getElementById(box.getAttribute("data-lng"));
    var status = box.querySelector(".place-status");
    var label = function (key) { return box.getAttribute("data-label-" + key) || ""; };
    var areas = { features: [] }, marker = null;
    box.hidden = false;
    var el = box.querySelector(".map");
    var map = L.map(el, { keyboard: true, zoomSnap: 0.5, minZoom: 5, maxZoom: 19 }).setView([57.66, 14.7], 12);

    function show(latlng) {
      if (!marker) marker = L.marker(latlng, { alt: label("new"), title: label("new") }).addTo(map);
      else marker.setLatLng(latlng);
    }
    function mark(latlng) {
      var area = window.SurveyMap.areaAt(areas, latlng.lat, latlng.lng);
      if (!area) { status.textContent = label("outside"); return; }
      show(latlng);
      latInput.value = latlng.lat.toFixed(6);
      lngInput.value = latlng.lng.toFixed(6);
      select.value = area.code;
      status.textContent = label("marked").replace("{area}", area.name);
    }
    select.addEventListener("change", function () {
      if (!latInput.value) return;
      var area = window.SurveyMap.areaAt(areas, +latInput.value, +lngInput.value);
      if (!area || area.code !== select.value) {
        latInput.value = lngInput.value = "";
        if (marker) { map.removeLayer(marker); marker = null; }
      }
    });
    map.on("click", function (event) { mark(event.latlng); });
    box.querySelector(".place-centre").addEventListener("click", function () { mark(map.getCenter()); });
    fetch(box.getAttribute("data-areas-url"), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        areas = data;
        var layer = L.geoJSON(data, { interactive: false, style: { color: "#1a4fa0", weight: 2, fillOpacity: 0.05 } }).addTo(map);
        if (layer.getBounds().isValid()) map.fitBounds(layer.getBounds(), { animate: false });
        if (latInput.value && lngInput.value) show(L.latLng(+latInput.value, +lngInput.value));
        box.setAttribute("data-ready", "true");
        box.querySelector(".map-frame").classList.add("is-ready");
      });
  }

  function init() {
    if (typeof L === "undefined") return;
    Array.prototype.forEach.call(document.querySelectorAll(".place-map"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
