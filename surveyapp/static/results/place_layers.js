/* The analysts' place map (built with folium, surveyapp/results/place_map.py): draws each point
   layer in one canvas pass, the legend, and sets data-ready="true" on <html> once
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

  // All points of one layer drawn in one canvas pass (tens of thousands stay quick: no object
  // per point); a click opens the popup of the nearest point within reach over all layers
  // shown, found in each layer's grid of screen cells built with its drawing. Positions are
  // projected once, at zoom 0.
  function clickOnPoints(event) {
    var map = this, best = null;
    map._pointCanvases.forEach(function (layer) {
      var found = layer._nearest(map.mouseEventToContainerPoint(event));
      if (found && (!best || found.distance < best.distance)) best = found;
    });
    if (best) L.popup().setLatLng([best.row[0], best.row[1]]).setContent(best.layer._popup(best.row)).openOn(map);
  }

  var PointCanvas = L.Layer.extend({
    initialize: function (layer, style) {
      this._layer = layer;
      this._style = style;
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide place-points");
      this._canvas.style.pointerEvents = "none";  // the areas below keep their tooltips
      map.getPanes().overlayPane.appendChild(this._canvas);
      this._projected = this._layer.rows.map(function (row) { return map.project([row[0], row[1]], 0); });
      map.on("moveend resize", this._draw, this);
      // on the container: a click on an area polygon is not passed on as the map's "click"
      if (!map._pointCanvases) {
        map._pointCanvases = [];
        L.DomEvent.on(map.getContainer(), "click", clickOnPoints, map);
      }
      map._pointCanvases.push(this);
      this._draw();
    },
    onRemove: function (map) {
      map.off("moveend resize", this._draw, this);
      map._pointCanvases.splice(map._pointCanvases.indexOf(this), 1);
      L.DomUtil.remove(this._canvas);
    },
    _draw: function () {
      var map = this._map, size = map.getSize(), ratio = window.devicePixelRatio || 1;
      var pad = size.multiplyBy(0.2).round(), full = size.add(pad.multiplyBy(2));
      var canvas = this._canvas, context = canvas.getContext("2d");
      canvas.width = full.x * ratio; canvas.height = full.y * ratio;
      canvas.style.width = full.x + "px"; canvas.style.height = full.y + "px";
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint(pad.multiplyBy(-1)));
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      var scale = map.getZoomScale(map.getZoom(), 0), origin = map.getPixelBounds().min.subtract(pad);
      var style = this._style, radius = style.radius, cells = {}, cell = 16;
      context.beginPath();
      this._projected.forEach(function (point, index) {
        var x = point.x * scale - origin.x, y = point.y * scale - origin.y;
        if (x < -radius || y < -radius || x > full.x + radius || y > full.y + radius) return;
        context.moveTo(x + radius, y);
        context.arc(x, y, radius, 0, 2 * Math.PI);
        var key = Math.floor(x / cell) + ":" + Math.floor(y / cell);
        (cells[key] = cells[key] || []).push(index);
      });
      context.globalAlpha = style.opacity;
      context.fillStyle = style.fill;
      context.fill();
      context.globalAlpha = 1;
      context.lineWidth = style.weight;
      context.strokeStyle = style.color;
      context.stroke();
      this._cells = { map: cells, size: cell, origin: origin, scale: scale, pad: pad };
    },
    // the nearest point within reach of a container point: {distance (squared), row, layer}
    _nearest: function (at) {
      var grid = this._cells, point = at.add(grid.pad), found = null;
      var reach = this._style.radius + this._style.weight + 3, nearest = reach * reach;
      for (var cx = Math.floor((point.x - reach) / grid.size); cx <= Math.floor((point.x + reach) / grid.size); cx++) {
        for (var cy = Math.floor((point.y - reach) / grid.size); cy <= Math.floor((point.y + reach) / grid.size); cy++) {
          (grid.map[cx + ":" + cy] || []).forEach(function (index) {
            var p = this._projected[index];
            var dx = p.x * grid.scale - grid.origin.x - point.x, dy = p.y * grid.scale - grid.origin.y - point.y;
            if (dx * dx + dy * dy <= nearest) { nearest = dx * dx + dy * dy; found = index; }
          }, this);
        }
      }
      return found === null ? null : { distance: nearest, row: this._layer.rows[found], layer: this };
    },
    _popup: function (row) {
      var box = document.createElement("div"), strings = this._layer.strings;
      box.className = "place-popup";
      line(box, strings[row[2]], true);
      for (var i = 3; i < row.length; i++) if (strings[row[i]]) line(box, strings[row[i]]);
      return box;
    }
  });

  // layer: {strings: [...], rows: [[lat, lng, label, line, ...]]} (texts as indexes into
  // strings); style: {radius, color, weight, fill, opacity}
  function points(group, layer, style) {
    group.addLayer(new PointCanvas(layer, style));
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
