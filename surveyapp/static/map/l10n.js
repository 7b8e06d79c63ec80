/* Leaflet's own interface texts in the page's language. The translations come from the
   data-map-* attributes on <body> (base.html); loaded after Leaflet and before any map. */
(function () {
  "use strict";
  if (typeof L === "undefined") return;
  var texts = document.body.dataset;
  if (texts.mapZoomIn) L.Control.Zoom.prototype.options.zoomInTitle = texts.mapZoomIn;
  if (texts.mapZoomOut) L.Control.Zoom.prototype.options.zoomOutTitle = texts.mapZoomOut;
  if (texts.mapLeaflet) {
    var link = document.createElement("a");
    link.href = "https://leafletjs.com";
    link.title = texts.mapLeaflet;
    link.textContent = "Leaflet";
    L.Control.Attribution.prototype.options.prefix = link.outerHTML;
  }
  if (texts.mapClosePopup) {
    // Leaflet writes "Close popup" into the button with no option to change it.
    var initLayout = L.Popup.prototype._initLayout;
    L.Popup.prototype._initLayout = function () {
      initLayout.call(this);
      if (this._closeButton) this._closeButton.setAttribute("aria-label", texts.mapClosePopup);
    };
  }
}());
