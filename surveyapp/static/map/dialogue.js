/* The public dialogue map: approved pins (clustered, or as a heat map), marking a new place by
   tapping, at the map centre (keyboard) or at the browser's location. Progressive enhancement:
   the form below the map works without this file. Sets data-ready="true" on #map when done. */
(function () {
  "use strict";

  function text(key, values) {
    var s = map.el.getAttribute("data-label-" + key) || "";
    Object.keys(values || {}).forEach(function (k) { s = s.replace("{" + k + "}", values[k]); });
    return s;
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }
  function idUrl(attr, id) { return map.el.getAttribute(attr).replace("/pins/0", "/pins/" + id); }

  var map = { el: null, leaflet: null, areas: { features: [] }, newMarker: null };

  function say(message) { document.getElementById("map-status").textContent = message; }

  function categories() {
    var result = {};
    map.el.getAttribute("data-categories").split("|").forEach(function (pair) {
      var at = pair.indexOf("=");
      result[pair.slice(0, at)] = pair.slice(at + 1);
    });
    return result;
  }

  // Popup size and auto-pan margins for the map as it is now: narrow enough for a 320 px
  // phone, no taller than the map, and panned so that it lies below the zoom buttons.
  function popupOptions() {
    var size = map.leaflet.getSize(), top = 8;
    var zoom = map.el.querySelector(".leaflet-control-zoom");
    if (zoom) top = Math.ceil(zoom.getBoundingClientRect().bottom - map.el.getBoundingClientRect().top) + 8;
    // popup = content + 44 px of margins; below the content: the tip and its margin (about 70 px)
    return { maxWidth: Math.max(120, Math.min(300, size.x - 60)), minWidth: Math.min(160, size.x - 60),
             maxHeight: Math.max(80, size.y - top - 8 - 70),
             autoPanPaddingTopLeft: [8, top], autoPanPaddingBottomRight: [8, 8] };
  }

  // A pin's popup is made once its text has arrived, so that Leaflet sizes and pans it for
  // its real content (panning again after a late fill can leave it partly off a small screen).
  // Once made, the marker's own click handler (bound after this one) opens and closes it.
  function pinClicked(id, marker) {
    var popup = marker.getPopup();
    if (popup) { L.setOptions(popup, popupOptions()); return; }  // for the map as it is now
    getJSON(idUrl("data-pin-url", id)).then(function (pin) {
      var box = document.createElement("div");
      box.className = "map-popup";
      fillPopup(box, id, pin);
      marker.bindPopup(box, popupOptions()).openPopup();
    });
  }

  // Leaflet pans a popup into the *map*; on a phone the map may reach below the screen, so
  // scroll the page (never the map, whose panes must not scroll) until the popup is in sight.
  function scrollPopupIntoSight(event) {
    var element = event.popup.getElement();
    if (!element) return;
    var rect = element.getBoundingClientRect();
    var height = window.visualViewport ? window.visualViewport.height : window.innerHeight;
    var below = rect.bottom + 8 - height, above = 8 - rect.top;
    if (below > 0) window.scrollBy(0, Math.min(below, -above));
    else if (above > 0) window.scrollBy(0, -above);
  }

  // when a popup opens, and again once Leaflet's auto-pan (if any) has moved it
  function keepPopupsInSight() {
    var opened = null;
    map.leaflet.on("popupopen", function (event) { opened = event; scrollPopupIntoSight(event); });
    map.leaflet.on("popupclose", function () { opened = null; });
    map.leaflet.on("autopanstart", function () {
      map.leaflet.once("moveend", function () { if (opened) scrollPopupIntoSight(opened); });
    });
  }

  function fillPopup(box, id, pin) {
    [pin.category, pin.area, pin.time_of_day, pin.place, pin.comment].forEach(function (line, i) {
      if (!line) return;
      var p = document.createElement("p");
      if (i === 0) { var b = document.createElement("strong"); b.textContent = line; p.appendChild(b); }
      else p.textContent = line;
      box.appendChild(p);
    });
    (pin.photos || []).forEach(function (url) {
      var p = document.createElement("p");
      var link = document.createElement("a");
      link.href = url;
      link.textContent = text("photo");
      p.appendChild(link);
      box.appendChild(p);
    });
    if (map.el.getAttribute("data-me-too-shown") === "0") return;
    var count = document.createElement("p");
    count.textContent = text("agree", { n: pin.me_too });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = text("me-too");
    button.addEventListener("click", function () {
      button.disabled = true;
      fetch(idUrl("data-me-too-url", id), {
        method: "POST", credentials: "same-origin",
        headers: { Accept: "application/json",
                   "X-CSRFToken": document.querySelector("meta[name=csrf-token]").content }
      }).then(function (r) { return r.json(); }).then(function (data) {
        if (data.me_too !== undefined) count.textContent = text("agree", { n: data.me_too });
      });
    });
    box.appendChild(count);
    box.appendChild(button);
  }

  function mark(latlng, how) {
    var area = window.SurveyMap.areaAt(map.areas, latlng.lat, latlng.lng);
    if (!area) { say(text("outside")); return; }
    if (!map.newMarker) {
      map.newMarker = L.marker(latlng, { draggable: true, alt: text("new"), title: text("new"),
                                         zIndexOffset: 1000 }).addTo(map.leaflet);
      map.newMarker.on("dragend", function () { mark(map.newMarker.getLatLng(), "drag"); });
    } else {
      map.newMarker.setLatLng(latlng);
    }
    document.getElementById("pin-lat").value = latlng.lat.toFixed(6);
    document.getElementById("pin-lng").value = latlng.lng.toFixed(6);
    document.getElementById("field-area").value = area.code;
    say(text("marked", { area: area.name }));
    if (how !== "drag") document.getElementById("field-category").focus({ preventScroll: true });
  }

  function clusterOf(data, labels, points) {
    var markers = [];
    data.pins.forEach(function (row) {
      var label = labels[data.categories[row[3]]] || text("pin");
      var marker = L.marker([row[1], row[2]], { alt: label, title: label });
      marker.on("click", function () { pinClicked(row[0], marker); });
      markers.push(marker);
      points.push([row[1], row[2], 0.5]);
    });
    var cluster = L.markerClusterGroup({
      chunkedLoading: true,
      // called just before the last chunk is drawn: mark ready once that has happened
      chunkProgress: function (done, total) { if (done === total) setTimeout(ready, 0); }
    });
    map.leaflet.addLayer(cluster);
    cluster.addLayers(markers);
    if (!markers.length) ready();
    return cluster;
  }

  function heatToggle(layers) {
    var heat = null, toggle = document.getElementById("toggle-heat");
    toggle.addEventListener("click", function () {
      var on = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      var shown = layers();
      if (on) { heat = L.heatLayer(shown.points, { radius: 20 }); map.leaflet.removeLayer(shown.layer); heat.addTo(map.leaflet); }
      else { map.leaflet.removeLayer(heat); map.leaflet.addLayer(shown.layer); }
    });
  }

  function showPins(data) {
    var points = [], cluster = clusterOf(data, categories(), points);
    heatToggle(function () { return { layer: cluster, points: points }; });
  }

  /* Many pins (more than data-points-limit): the server sends, per view, either the pins in it
     or one count per grid cell; a cell zooms in when chosen. */
  function bboxString() {
    var b = map.leaflet.getBounds();
    function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)).toFixed(5); }
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
            clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].join(",");
  }

  function cellMarker(cell) {
    var n = cell[2], size = Math.round(28 + 8 * Math.log(n) / Math.LN10), label = text("cell", { n: n });
    var html = document.createElement("span");
    html.textContent = String(n);
    var marker = L.marker([cell[0], cell[1]], {
      alt: label, title: label, keyboard: true,
      icon: L.divIcon({ className: "pin-cell", html: html, iconSize: [size, size] })
    });
    marker.on("click", function () {
      map.leaflet.setView([cell[0], cell[1]], Math.min(map.leaflet.getZoom() + 2, 19));
    });
    return marker;
  }

  function showLarge() {
    var labels = categories(), cells = L.layerGroup().addTo(map.leaflet);
    var shown = { layer: cells, points: [] }, asked = 0;
    function draw() {
      var ask = ++asked, url = map.el.getAttribute("data-grid-url") + "?zoom=" +
        Math.round(map.leaflet.getZoom()) + "&bbox=" + bboxString();
      getJSON(url).then(function (data) {
        if (ask !== asked) return;  // the map has moved on since
        cells.clearLayers();
        if (shown.layer !== cells) map.leaflet.removeLayer(shown.layer);
        if (data.pins) {
          var points = [];
          shown = { layer: clusterOf(data, labels, points), points: points };
        } else {
          var most = data.cells.length ? data.cells[0][2] : 1;
          shown = { layer: cells, points: data.cells.map(function (c) { return [c[0], c[1], c[2] / most]; }) };
          data.cells.forEach(function (cell) { cells.addLayer(cellMarker(cell)); });
          ready();
        }
      }).catch(function (error) { if (window.console) console.error(error); ready(); });
    }
    map.leaflet.on("moveend", draw);
    heatToggle(function () { return shown; });
    draw();
  }

  function ready() {
    if (map.el.getAttribute("data-ready") === "true") return;
    map.el.setAttribute("data-ready", "true");
    map.el.parentNode.classList.add("is-ready");
    say("");
  }

  function init() {
    map.el = document.getElementById("map");
    if (!map.el || typeof L === "undefined") return;
    document.getElementById("map-section").hidden = false;
    say(text("loading"));
    map.leaflet = L.map(map.el, { keyboard: true, zoomSnap: 0.5, minZoom: 5, maxZoom: 19 }).setView([57.66, 14.7], 12);
    var tiles = map.el.getAttribute("data-tile-url");
    if (tiles) L.tileLayer(tiles, { attribution: map.el.getAttribute("data-tile-attribution"), maxZoom: 19 }).addTo(map.leaflet);
    document.getElementById("map-tools").hidden = false;
    keepPopupsInSight();
    var form = document.getElementById("pin-form");
    var areasLoaded = getJSON(map.el.getAttribute("data-areas-url")).then(function (areas) {
      map.areas = areas;
      var layer = L.geoJSON(areas, { interactive: false, style: { color: "#1a4fa0", weight: 2, fillOpacity: 0.05 } }).addTo(map.leaflet);
      if (layer.getBounds().isValid()) map.leaflet.fitBounds(layer.getBounds(), { animate: false });  // settled before any tap
    });
    if (form) {
      map.leaflet.on("click", function (event) { mark(event.latlng, "tap"); });
      // the offline queue (offline_pins.js) emptied the form for the next place
      form.addEventListener("entry-cleared", function () {
        if (map.newMarker) { map.leaflet.removeLayer(map.newMarker); map.newMarker = null; }
      });
      document.getElementById("mark-centre").addEventListener("click", function () { mark(map.leaflet.getCenter(), "centre"); });
      var locate = document.getElementById("use-location");
      if (!navigator.geolocation) locate.hidden = true;
      locate.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          var here = L.latLng(position.coords.latitude, position.coords.longitude);
          map.leaflet.setView(here, Math.max(map.leaflet.getZoom(), 15));
          mark(here, "location");
        }, function () { say(text("no-location")); }, { enableHighAccuracy: true, timeout: 10000 });
      });
    } else {
      document.getElementById("mark-centre").hidden = true;
      document.getElementById("use-location").hidden = true;
    }
    var many = Number(map.el.getAttribute("data-pin-count")) > Number(map.el.getAttribute("data-points-limit"));
    if (many) { areasLoaded.then(showLarge); return; }
    areasLoaded.then(function () { return getJSON(map.el.getAttribute("data-pins-url")); })
      .then(showPins)
      .catch(function (error) { if (window.console) console.error(error); ready(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
