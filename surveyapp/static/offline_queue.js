/* Entries that survive a lost connection (a tunnel, a basement, no coverage on a walk or at
 * the bus stop): a walk observation, a pin on the dialogue map.
 *
 * ``offlineQueue(form, options)`` takes over a form's submit. Every entry is first written to
 * the phone (IndexedDB, a photo included) and then sent with ``Accept: application/json``.
 * When sending fails for want of a connection, it stays on the phone, the page says how many
 * are waiting, and they are sent when the connection is back (the "online" event, the next
 * visit, or every 20 seconds). Each entry carries a random key made on the phone (the form's
 * ``[data-entry-key]`` field), so an entry sent twice (its answer lost on the way back) is
 * saved once on the server.
 *
 * Answers the server refuses while the resident is typing are posted again the plain way, so
 * the server's page shows the errors with everything typed. An entry refused later, from the
 * queue, stays listed with the reason and a button to put it back in the form.
 * Without JavaScript the form posts as it always did.
 *
 * options: ``scope`` (entries of one walk or one map); ``saved(outcome, say, message)`` after
 * an entry typed now is saved (``outcome``: the server's JSON; ``say(text)`` shows a status,
 * ``message(name, values)`` reads a ``data-msg-*`` text); ``cleared()`` after the form is
 * emptied for the next entry; ``sent(count)`` after waiting entries went.
 * The messages are the ``data-msg-*`` attributes of ``[data-queue]`` (templates/_offline_queue.html).
 * A form with ``data-worker`` also registers that service worker (static/service_worker.js)
 * and puts its page in the worker's cache (``data-cache``), so the page opens offline too.
 */
window.offlineQueue = function (form, options) {
  "use strict";

  if (!window.indexedDB || !window.fetch || !window.FormData || !window.Promise) {
    return;
  }
  var box = document.querySelector("[data-queue]");
  var status = box.querySelector("[data-queue-status]");
  var refusedList = box.querySelector("[data-queue-refused]");
  var savedStatus = document.querySelector("[data-saved-status]");
  var keyField = form.querySelector("[data-entry-key]");
  var photoField = form.querySelector("input[type=file]");
  var scope = options.scope;
  var maxBytes = parseInt(form.getAttribute("data-photo-max"), 10) || 0;
  var STORE = "entries";
  var sentCount = 0;
  var flushing = null;

  function message(name, values) {
    var text = box.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  function database() {
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open("surveyapp-offline-queue", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, {keyPath: "key"});
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { resolve(result && result.result); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }

  function entries() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (all) {
      return (all || []).filter(function (entry) { return entry.scope === scope; })
        .sort(function (a, b) { return a.made - b.made; });
    });
  }

  function keep(entry) { return run("readwrite", function (store) { store.put(entry); }); }
  function forget(key) { return run("readwrite", function (store) { store.delete(key); }); }

  function newKey() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function entryFromForm() {
    var fields = [];
    var photo = null;
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") {
        fields.push([name, value]);
      } else if (value && value.size > 0) {
        photo = {name: name, file: value, filename: value.name || "photo.jpg"};
      }
    });
    return {key: keyField.value, scope: scope, made: Date.now(), fields: fields, photo: photo,
            refused: null};
  }

  /* Resolves with {sent: true, number}, {refused: reason, errors}, or rejects when there is
   * no connection (or the server is unreachable or failing: try again later). */
  function send(entry) {
    var body = new FormData();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    if (entry.photo) { body.append(entry.photo.name, entry.photo.file, entry.photo.filename); }
    return window.fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"Accept": "application/json"}
    }).then(function (response) {
      // a failing server or "too many just now" (429): the entry waits and goes later
      if (response.status >= 500 || response.status === 429) {
        throw new Error("try later: " + response.status);
      }
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) { data.sent = true; return data; }
        var errors = data.errors || {};
        var reasons = Object.keys(errors).map(function (name) { return errors[name]; });
        if (data.error) { reasons.push(data.error); }
        return {refused: reasons.join(" ") || message("generic"), errors: errors,
                status: response.status};
      });
    });
  }

  function describe(entry) {
    var text = "";
    var named = box.getAttribute("data-describe-field");
    entry.fields.forEach(function (pair) { if (pair[0] === named) { text = pair[1]; } });
    return text.length > 60 ? text.slice(0, 60) + "…" : text;
  }

  function putBack(entry) {
    entry.fields.forEach(function (pair) {
      if (pair[0] === "csrf_token" || pair[0] === "entry_key") { return; }
      var controls = form.querySelectorAll("[name='" + pair[0] + "']");
      Array.prototype.forEach.call(controls, function (control) {
        if (control.type === "radio" || control.type === "checkbox") {
          control.checked = control.value === pair[1];
        } else {
          control.value = pair[1];
        }
      });
    });
    keyField.value = entry.key;
    return forget(entry.key).then(show).then(function () {
      form.querySelector("select, textarea, input:not([type=hidden])").focus();
    });
  }

  function show() {
    return entries().then(function (all) {
      var waiting = all.filter(function (entry) { return !entry.refused; });
      var refused = all.filter(function (entry) { return entry.refused; });
      var lines = [];
      if (waiting.length) { lines.push(message("waiting", {count: waiting.length})); }
      if (sentCount) { lines.push(message("sent", {count: sentCount})); }
      status.textContent = lines.join(" ");
      refusedList.textContent = "";
      refused.forEach(function (entry) {
        var item = box.querySelector("[data-refused-item]").content.cloneNode(true);
        item.querySelector("[data-text]").textContent =
          describe(entry) + " – " + message("refused", {reason: entry.refused});
        item.querySelector("[data-put-back]").addEventListener("click", function () {
          putBack(entry);
        });
        refusedList.appendChild(item);
      });
      box.hidden = !(waiting.length || refused.length || sentCount);
    });
  }

  /* Send every waiting entry in the order made; stop at the first one that cannot go. */
  function flush() {
    if (flushing) { return flushing; }
    flushing = entries().then(function (all) {
      var waiting = all.filter(function (entry) { return !entry.refused; });
      var sentNow = 0;
      function next(index) {
        if (index >= waiting.length) { return null; }
        var entry = waiting[index];
        return send(entry).then(function (outcome) {
          if (outcome.sent) {
            sentNow += 1;
            sentCount += 1;
            return forget(entry.key);
          }
          entry.refused = outcome.refused;
          return keep(entry);
        }).then(function () { return next(index + 1); });
      }
      return next(0).catch(function () { /* still offline: the rest wait */ })
        .then(function () { return sentNow && options.sent ? options.sent(sentNow) : null; });
    }).then(show, show).then(function () { flushing = null; });
    return flushing;
  }

  function clearForm() {
    form.reset();
    keyField.value = newKey();
    if (options.cleared) { options.cleared(); }
    form.dispatchEvent(new CustomEvent("entry-cleared"));
  }

  function saved(text) {
    savedStatus.hidden = false;
    savedStatus.textContent = text;
    savedStatus.scrollIntoView({block: "center"});
  }

  form.addEventListener("submit", function (event) {
    if (form.getAttribute("data-plain") === "1") { return; }
    event.preventDefault();
    var entry = entryFromForm();
    if (maxBytes && entry.photo && entry.photo.file.size > maxBytes) {
      saved(message("too-large"));
      photoField.focus();
      return;
    }
    keep(entry).then(function () {
      return send(entry).then(function (outcome) {
        if (outcome.sent) {
          return forget(entry.key).then(function () {
            clearForm();
            return options.saved ? options.saved(outcome, saved, message) : null;
          });
        }
        // Refused while typing: the plain post lets the server show its errors in the page,
        // with everything typed (the photo is asked for again).
        return forget(entry.key).then(function () {
          form.setAttribute("data-plain", "1");
          HTMLFormElement.prototype.submit.call(form);
        });
      }, function () {
        clearForm();
        saved(message("kept"));
      });
    }).then(show).catch(function () {
      // the phone's storage is unusable (private mode, full): post the plain way instead
      form.setAttribute("data-plain", "1");
      HTMLFormElement.prototype.submit.call(form);
    });
  });

  window.addEventListener("online", flush);
  window.setInterval(function () {
    if (!box.hidden) { flush(); }
  }, 20000);
  /* Put this page and what it loads in the worker's cache when missing, so the page opens
   * again without a connection; once the worker controls the page it keeps the copies fresh
   * itself, so nothing is fetched twice on later visits. */
  function keepThisPage() {
    if (!window.caches) { return null; }
    var page = window.location.pathname;
    var assets = Array.prototype.map.call(
      document.querySelectorAll("script[src], link[rel=stylesheet]"),
      function (element) { return element.src || element.href; })
      // and what the page reads itself (a map's areas and pins: data-keep)
      .concat((form.getAttribute("data-keep") || "").split(" ").filter(Boolean));
    function missing(cache, url, options) {
      return cache.match(url, options).then(function (found) { return found ? null : url; });
    }
    return window.caches.open(form.getAttribute("data-cache")).then(function (cache) {
      return Promise.all(assets.map(function (url) { return missing(cache, url); }))
        .then(function (urls) { return cache.addAll(urls.filter(Boolean)); })
        // the page last: a page in the cache means what it needs is there too
        .then(function () { return missing(cache, page, {ignoreSearch: true}); })
        .then(function (url) { return url ? cache.add(url) : null; });
    });
  }

  if (navigator.serviceWorker && form.getAttribute("data-worker")) {
    navigator.serviceWorker.register(form.getAttribute("data-worker")).then(keepThisPage)
      .catch(function () {
        /* the page works without it; it only cannot be opened again without a connection */
      });
  }
  flush();
};

