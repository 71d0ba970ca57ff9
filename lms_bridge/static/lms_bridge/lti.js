/* LTI flow helpers (no inline scripts: the site's CSP allows only 'self').
 * - data-lti="autopost": submit the form #lti-autopost at once (Deep Linking return).
 * - data-lti="storage-put": save the browser proof in the platform's storage, then go on.
 * - data-lti="storage-get": read it back and post the launch again with it.
 * - data-lti="close": tell Moodle that Dynamic Registration has finished.
 * - data-lti="open-elsewhere": our cookies were refused in the LMS frame. The one-time ticket
 *   opens the launch in a new window, or here once the Storage Access API grants our cookies.
 * Platform storage follows the 1EdTech "LTI Client Side postMessages" messages
 * lti.put_data / lti.get_data. */
(function () {
  "use strict";
  var root = document.querySelector("[data-lti]");
  if (!root) { return; }
  var mode = root.getAttribute("data-lti");

  function storageFrame(target) {
    var parent = window.parent !== window ? window.parent : window.opener;
    if (!parent) { return null; }
    if (!target || target === "_parent") { return parent; }
    try { return parent.frames[target] || parent; } catch (e) { return parent; }
  }

  function ask(message, origin, done, fail) {
    var frame = storageFrame(root.getAttribute("data-target"));
    if (!frame) { fail(); return; }
    var id = "ic-" + Math.random().toString(36).slice(2);
    message.message_id = id;
    var timer = window.setTimeout(fail, 2000);
    window.addEventListener("message", function handler(event) {
      if (event.origin !== origin || !event.data || event.data.message_id !== id) { return; }
      window.removeEventListener("message", handler);
      window.clearTimeout(timer);
      if (event.data.error) { fail(); } else { done(event.data); }
    });
    frame.postMessage(message, origin);
  }

  function fallback() {
    var help = document.getElementById("lti-fallback");
    if (help) { help.hidden = false; }
  }

  if (mode === "autopost") {
    document.getElementById("lti-autopost").submit();
  } else if (mode === "storage-put") {
    var next = root.getAttribute("data-next");
    ask({ subject: "lti.put_data", key: root.getAttribute("data-key"),
          value: root.getAttribute("data-value") },
        root.getAttribute("data-origin"),
        function () { window.location.replace(next); },
        function () { window.location.replace(next); });
  } else if (mode === "storage-get") {
    var form = document.getElementById("lti-autopost");
    ask({ subject: "lti.get_data", key: root.getAttribute("data-key") },
        root.getAttribute("data-origin"),
        function (data) {
          form.elements.lti_storage_token.value = data.value || "";
          form.submit();
        },
        function () { form.submit(); });
  } else if (mode === "open-elsewhere") {
    var here = document.getElementById("lti-open-here");
    var away = document.getElementById("lti-open-window");
    away.addEventListener("submit", function () {
      window.setTimeout(function () {
        away.hidden = true;
        here.hidden = true;
        document.getElementById("lti-opened").hidden = false;
      }, 0);
    });
    if (window.parent !== window && typeof document.requestStorageAccess === "function") {
      here.hidden = false;
      here.addEventListener("submit", function (event) {
        event.preventDefault();
        document.requestStorageAccess().then(
          function () { here.submit(); },
          function () {
            here.hidden = true;
            document.getElementById("lti-refused").hidden = false;
          }
        );
      });
    }
  } else if (mode === "close") {
    var target = window.opener || window.parent;
    if (target && target !== window) {
      target.postMessage({ subject: "org.imsglobal.lti.close" }, "*");
    }
  }
}());
