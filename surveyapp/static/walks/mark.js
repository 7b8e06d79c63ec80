/* Mark the place of a walk observation on a map, as on the dialogue map: tap the map, or move
   it with the arrow keys and press "Mark the map centre". Fills the same hidden lat/lng fields
   as "Use my location" (locate.js), and shows a position found that way as the marker too.
   Without JavaScript the section stays hidden and the place is described in words. */
(function () {
  "use strict";

  function init() {
    var section = document.querySelector("[data-mark]");
    if (!section || typeof L === "undefined") return;
    var el = section.querySelector("[data-mark-map]");
    var lat = document.querySelector("[data-locate-lat]");
    var lng = document.querySelector("[data-locate-lng]");
    var status = section.querySelector("[data-mark-status]");
    var clear = section.querySelector("[data-mark-clear]");
    var text = function (key) { return section.getAttribute("data-msg-" + key) || ""; };
    var marker = null;
    section.hidden = false;
    var map = L.map(el, { keyboard: true, zoomSnap: 0.5, minZoom: 5, maxZoom: 19 }).setView([57.66, 14.7], 13);
    var tiles = el.getAttribute("data-tile-url");
    if (tiles) L.tileLayer(tiles, { attribution: el.getAttribute("data-tile-attribution"), maxZoom: 19 }).addTo(map);
    var shapes;
    try { shapes = JSON.parse(el.getAttribute("data-features") || "null"); } catch (e) { shapes = null; }
    if (shapes) {
      var layer = L.geoJSON(shapes, { interactive: false, style: function (feature) {
        return feature.properties && feature.properties.kind === "route"
          ? { color: "#b00020", weight: 3 } : { color: "#1a4fa0", weight: 2, fillOpacity: 0.05 };
      } }).addTo(map);
      if (layer.getBounds().isValid()) map.fitBounds(layer.getBounds(), { maxZoom: 17, animate: false });
    }

    function show(latlng) {
      if (!marker) marker = L.marker(latlng, { alt: text("marker"), title: text("marker") }).addTo(map);
      else marker.setLatLng(latlng);
      clear.hidden = false;
    }
    function mark(latlng) {
      show(latlng);
      lat.value = latlng.lat.toFixed(6);
      lng.value = latlng.lng.toFixed(6);
      status.textContent = text("marked");
    }
    function fromFields() {
      if (lat.value && lng.value && isFinite(+lat.value) && isFinite(+lng.value)) {
        var here = L.latLng(+lat.value, +lng.value);
        show(here);
        map.setView(here, Math.max(map.getZoom(), 16));
      } else if (marker) {
        map.removeLayer(marker);
        marker = null;
        clear.hidden = true;
      }
    }
    map.on("click", function (event) { mark(event.latlng); });
    section.querySelector("[data-mark-centre]").addEventListener("click", function () { mark(map.getCenter()); });
    clear.addEventListener("click", function () {
      lat.value = lng.value = "";
      fromFields();
      status.textContent = text("cleared");
    });
    lat.addEventListener("change", fromFields);
    fromFields();
    section.setAttribute("data-ready", "true");
    section.querySelector(".map-frame").classList.add("is-ready");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
