/* The analysts' place map (built with folium, surveyapp/results/place_map.py): draws the point
   layers as circle markers on one canvas, the legend, and sets data-ready="true" on <html> once
   the layers have been drawn. Text goes in with textContent, colours with element.style (no
   markup, no style attributes: the document's CSP allows only hashed inline code). */
(function () {
  "use strict";

  function line(box, text, bold) {
    var p = document.createElement("p");
    if (bold) { var b = document.createElement("strong"); b.textContent = text; p.appendChild(b); }
    else p.textContent = text;
    box.appendChild(p);
  }

  // layer: {strings: [...], rows: [[lat, lng, label, line, ...]]} (texts as indexes into
  // strings); style: circle options
  function points(group, layer, style) {
    var renderer = L.canvas({ padding: 0.2 });
    var options = { renderer: renderer, radius: style.radius, color: style.color,
                    weight: style.weight, fillColor: style.fill, fillOpacity: style.opacity };
    layer.rows.forEach(function (row) {
      var marker = L.circleMarker([row[0], row[1]], options);
      marker.row = row;
      group.addLayer(marker);
    });
    group.bindPopup(function (marker) {
      var box = document.createElement("div");
      box.className = "place-popup";
      line(box, layer.strings[marker.row[2]], true);
      for (var i = 3; i < marker.row.length; i++) {
        var text = layer.strings[marker.row[i]];
        if (text) line(box, text);
      }
      return box;
    });
  }

  // legend: {title, classes: [{colour, text}], points: [{colour, text}], note}
  function legend(map, data) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "place-legend");
      line(box, data.title, true);
      function row(item, kind) {
        var p = document.createElement("p");
        var swatch = document.createElement("span");
        swatch.className = "swatch " + kind;
        swatch.style.background = item.colour;
        p.appendChild(swatch);
        p.appendChild(document.createTextNode(" " + item.text));
        box.appendChild(p);
      }
      data.classes.forEach(function (item) { row(item, "area"); });
      data.points.forEach(function (item) { row(item, "point"); });
      if (data.note) line(box, data.note);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  function ready(map, bounds) {
    if (bounds) map.fitBounds(bounds, { animate: false });
    // the canvas draws on the next animation frame: mark ready after it
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        document.documentElement.setAttribute("data-ready", "true");
      });
    });
  }

  window.PlaceMap = { points: points, legend: legend, ready: ready };
})();
