/* A Leaflet map of GeoJSON features from the element's data-features attribute.
   Progressive enhancement: the page's table holds the same information without JavaScript. */
(function () {
  "use strict";
  var box = document.querySelector("[data-map]");
  if (!box || !window.L) { return; }
  var data;
  try { data = JSON.parse(box.getAttribute("data-features")); } catch (e) { return; }
  box.hidden = false;
  var map = L.map(box, {scrollWheelZoom: false});
  var tiles = box.getAttribute("data-tile-url");
  if (tiles) {
    L.tileLayer(tiles, {attribution: box.getAttribute("data-tile-attribution") || ""}).addTo(map);
  }

  function popupText(p) {
    if (p.popup) { return p.popup; }
    if (p.category_label) {
      return (p.number ? p.number + ". " : "") + p.category_label + ": " + (p.description || "");
    }
    return "";
  }

  var layer = L.geoJSON(data, {
    style: function (feature) {
      var kind = feature.properties && feature.properties.kind;
      return kind === "area" ? {color: "#0b4a6f", weight: 2, fill: false}
                             : {color: "#b00020", weight: 3};
    },
    pointToLayer: function (feature, latlng) {
      var p = feature.properties || {};
      if (p.number) {
        // The observation's number, as in the table below (a marker readable in print too).
        var label = (box.getAttribute("data-label-number") || "{n}").replace("{n}", p.number);
        var html = document.createElement("span");
        html.textContent = String(p.number);
        return L.marker(latlng, {title: label + (p.category_label ? ": " + p.category_label : ""),
          icon: L.divIcon({className: "walk-number walk-number-" + (p.severity || 1),
                           html: html, iconSize: [28, 28], iconAnchor: [14, 14]})});
      }
      return L.circleMarker(latlng, {radius: 8, color: "#1b1b1b", weight: 2,
                                     fillColor: "#f5b700", fillOpacity: 0.9});
    },
    onEachFeature: function (feature, item) {
      var text = popupText(feature.properties || {});
      if (text) {
        var node = document.createElement("div");
        node.textContent = text;
        item.bindPopup(node);
      }
    }
  }).addTo(map);
  var bounds = layer.getBounds();
  if (bounds.isValid()) {
    map.fitBounds(bounds, {padding: [20, 20], maxZoom: 17, animate: false});
  } else {
    map.setView([62, 15], 4);
  }
}());
