/* Point-in-area for GeoJSON Polygon/MultiPolygon (ray casting, holes excluded). Shared by the
   dialogue map and the survey's place question; the server checks again. */
(function () {
  "use strict";
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
  function contains(geometry, lat, lng) {
    var polys = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    return polys.some(function (poly) {
      return inRing(lng, lat, poly[0]) &&
        !poly.slice(1).some(function (hole) { return inRing(lng, lat, hole); });
    });
  }
  function areaAt(collection, lat, lng) {
    var hit = null;
    (collection.features || []).some(function (f) {
      if (f.geometry && contains(f.geometry, lat, lng)) { hit = f.properties; return true; }
      return false;
    });
    return hit;
  }
  window.SurveyMap = window.SurveyMap || {};
  window.SurveyMap.areaAt = areaAt;
})();
