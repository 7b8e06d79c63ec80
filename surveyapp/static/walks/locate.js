/* "Use my location" for walk observations: fills the hidden lat/lng fields.
   Without JavaScript or geolocation the block stays hidden and the place is described in words. */
(function () {
  "use strict";
  var box = document.querySelector("[data-locate]");
  if (!box || !("geolocation" in navigator)) { return; }
  var lat = document.querySelector("[data-locate-lat]");
  var lng = document.querySelector("[data-locate-lng]");
  var button = box.querySelector("[data-locate-button]");
  var clear = box.querySelector("[data-locate-clear]");
  var status = box.querySelector("[data-locate-status]");
  box.hidden = false;

  function say(key) { status.textContent = box.getAttribute("data-msg-" + key); }

  button.addEventListener("click", function () {
    button.disabled = true;
    say("wait");
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(6);
      lng.value = position.coords.longitude.toFixed(6);
      lat.dispatchEvent(new Event("change"));  // the map (mark.js) shows the position
      button.disabled = false;
      clear.hidden = false;
      say("ok");
    }, function () {
      button.disabled = false;
      say("fail");
    }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
  });

  clear.addEventListener("click", function () {
    lat.value = "";
    lng.value = "";
    lat.dispatchEvent(new Event("change"));
    clear.hidden = true;
    say("cleared");
  });
}());
