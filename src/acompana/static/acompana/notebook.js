// Field notebook autosave for slow or intermittent connections.
// Every keystroke is kept in this browser (localStorage) at once; the draft is sent to the
// server a few seconds after typing stops, and again when the connection comes back. If the
// notebook was saved meanwhile from another device, the server answers 409 and the draft stays
// here, untouched, with a message: nothing is lost.
(function () {
  "use strict";
  var form = document.getElementById("notebook-form");
  if (!form || !window.fetch) { return; }
  var key = "acompana:" + form.dataset.draftKey;
  var state = document.getElementById("notebook-state");
  var fields = Array.prototype.slice.call(form.querySelectorAll("textarea"));
  var version = form.querySelector("input[name=version]");
  var timer = null;
  var messages = {
    es: { local: "Borrador guardado en este dispositivo", saved: "Guardado", offline: "Sin conexión: el borrador se enviará al volver la conexión", conflict: "El cuaderno cambió en otro dispositivo: recargue la página; su borrador sigue guardado aquí" },
    en: { local: "Draft kept on this device", saved: "Saved", offline: "Offline: the draft will be sent when the connection returns", conflict: "The notebook changed on another device: reload the page; your draft is still kept here" }
  };
  var text = messages[document.documentElement.lang] || messages.en;

  function say(message) { if (state) { state.textContent = message; } }
  function draft() {
    var data = { version: version.value };
    fields.forEach(function (f) { data[f.name] = f.value; });
    return data;
  }
  function keep() { localStorage.setItem(key, JSON.stringify(draft())); say(text.local); }

  var sending = false;

  function send() {
    var stored = localStorage.getItem(key);
    if (!stored || sending) { return; }  // one request at a time: versions stay in order
    if (!navigator.onLine) { say(text.offline); return; }
    sending = true;
    var body = new FormData(form);
    var data = JSON.parse(stored);
    Object.keys(data).forEach(function (name) { body.set(name, data[name]); });
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
                         headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 409) { say(text.conflict); return null; }
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (saved) {
        if (!saved) { return; }
        version.value = saved.version;
        if (localStorage.getItem(key) === stored) { localStorage.removeItem(key); }
        else { keep(); schedule(); }  // typed more while sending
        say(text.saved);
      })
      .catch(function () { say(text.offline); })
      .then(function () { sending = false; });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(send, 3000); }

  // A draft left from an earlier visit to this page (e.g. typed offline) is restored and sent.
  var left = localStorage.getItem(key);
  if (left) {
    var data = JSON.parse(left);
    fields.forEach(function (f) { if (data[f.name] !== undefined) { f.value = data[f.name]; } });
    if (data.version !== undefined) { version.value = data.version; }
    say(text.local);
    schedule();
  }
  fields.forEach(function (f) { f.addEventListener("input", function () { keep(); schedule(); }); });
  window.addEventListener("online", send);
  // Also retry on a timer: "online" events are not reliable on every phone and network.
  setInterval(function () { if (localStorage.getItem(key)) { send(); } }, 10000);
  form.addEventListener("submit", function () { localStorage.removeItem(key); });
})();
