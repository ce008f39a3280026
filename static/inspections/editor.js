/* The materials editor: autosave, a copy in this browser, conflicts, character counts.
 *
 * A draft must survive a closed tab, a network hiccup and a session timeout:
 * - every keystroke is copied to localStorage at once (per user, material and block);
 * - two seconds after the writer stops (ten at most while they keep typing) the block is
 *   saved to the server; the copy is dropped once the server holds the same words;
 * - when the tab is hidden or closed, unsaved blocks are sent with sendBeacon;
 * - on return, a copy that differs from the server is put back into its block, with a
 *   notice, and saved — or, if someone saved that block meanwhile, shown beside theirs;
 * - a network error is retried; an expired session keeps the copy until the writer has
 *   logged in again and reopens the page.
 * The page works without this script: every block is a plain form with a 保存 button.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-editor]");
  if (!root) return;

  var DELAY = 2000;
  var MAX_WAIT = 10000;
  var RETRIES = [3000, 8000, 20000, 60000];
  var prefix = "dlm-material:" + root.dataset.user + ":" + root.dataset.material + ":";
  var notice = document.getElementById("ed-notice");
  var blocks = new Map(); // block id -> state

  // Each block's state. `clean` is what the server holds as far as this page knows: taken
  // when the block arrives (page load, htmx), unknown (null) for one first met mid-edit.
  function state(form, arriving) {
    var id = form.dataset.block;
    if (!blocks.has(id)) {
      blocks.set(id, { timer: null, since: 0, saving: false, again: false, paused: false, tries: 0,
                       clean: arriving ? values(form) : null });
    }
    return blocks.get(id);
  }

  function editable(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "button";
    });
  }

  function values(form) {
    var out = {};
    editable(form).forEach(function (el) { out[el.name] = el.value; });
    return out;
  }

  function versionInput(form) {
    return form.querySelector('input[name$="-version"]');
  }

  function same(a, b) {
    if (!a || !b) return false;
    var keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every(function (k) { return a[k] === b[k]; });
  }

  // --- the copy in this browser ---------------------------------------------------------

  function keep(form) {
    try {
      localStorage.setItem(prefix + form.dataset.block, JSON.stringify({
        fields: values(form), version: versionInput(form).value, at: Date.now()
      }));
    } catch (e) { /* storage full or disabled: the server save still runs */ }
  }

  function kept(id) {
    try { return JSON.parse(localStorage.getItem(prefix + id) || "null"); } catch (e) { return null; }
  }

  function forget(id) {
    try { localStorage.removeItem(prefix + id); } catch (e) { /* nothing to do */ }
  }

  // --- counts ----------------------------------------------------------------------------

  function chars(text) { return (text || "").replace(/\s+/g, "").length; }

  function count(form) {
    var n = 0;
    form.querySelectorAll("textarea, input[type=text]").forEach(function (el) { n += chars(el.value); });
    var label = form.querySelector(".ed-count");
    if (label) { label.dataset.chars = n; label.textContent = n + "字"; }
    return n;
  }

  function recount() {
    var total = 0;
    document.querySelectorAll(".ed-group").forEach(function (group) {
      var sum = 0;
      group.querySelectorAll(".ed-count").forEach(function (el) { sum += Number(el.dataset.chars || 0); });
      total += sum;
      var key = group.id.replace(/^g-/, "");
      document.querySelectorAll('.ed-group-count[data-group="' + key + '"]').forEach(function (el) { el.textContent = sum; });
    });
    document.querySelectorAll("#ed-total, .ed-total-copy").forEach(function (el) { el.textContent = total; });
  }

  // --- status and notices -----------------------------------------------------------------

  function say(form, text, kind) {
    var el = form.querySelector(".ed-state");
    if (!el) return;
    el.textContent = text;
    el.className = "ed-state" + (kind ? " " + kind : "");
  }

  function announce(html, kind) {
    if (!notice) return;
    notice.innerHTML = html;
    notice.className = "ed-notice" + (kind ? " " + kind : "");
    notice.hidden = false;
  }

  var hintsTimer = null;
  function refreshHints() {
    clearTimeout(hintsTimer);
    hintsTimer = setTimeout(function () {
      if (window.htmx) window.htmx.trigger(document.body, "refresh-hints");
    }, 4000);
  }

  // --- saving -----------------------------------------------------------------------------

  function schedule(form, now) {
    var s = state(form);
    if (s.paused) return;
    clearTimeout(s.timer);
    if (!s.since) s.since = Date.now();
    var wait = now ? 0 : Math.max(0, Math.min(DELAY, s.since + MAX_WAIT - Date.now()));
    s.timer = setTimeout(function () { save(form); }, wait);
    say(form, "未保存", "pending");
  }

  // One save at a time for the whole page: saves reach the server in the order they were
  // made, and a restore of several blocks does not fire a burst of requests at once.
  var busy = false;
  var queue = [];

  function save(form) {
    var s = state(form);
    if (s.paused || !document.body.contains(form)) return;
    if (s.saving) { s.again = true; return; }
    if (busy) {
      if (queue.indexOf(form) === -1) queue.push(form);
      return;
    }
    busy = true;
    s.saving = true;
    s.since = 0;
    var sent = values(form);
    var size = Object.keys(sent).reduce(function (n, k) { return n + sent[k].length * 3; }, 0);
    say(form, "正在保存…", "pending");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Autosave": "1" },
      credentials: "same-origin",
      keepalive: size < 50000 // finishes even if the tab is closed meanwhile (browsers cap it at 64 KB)
    }).then(function (response) {
      if (response.redirected || response.url.indexOf("/accounts/login") !== -1) return expired(form);
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        if (response.status === 403) return stale(form);
        throw new Error("unexpected response " + response.status);
      }
      return response.json().then(function (data) { answered(form, response.status, data, sent); });
    }).catch(function () {
      offline(form);
    }).then(function () {
      s.saving = false;
      busy = false;
      if (s.again && !s.paused) { s.again = false; schedule(form, true); }
      var next = queue.shift();
      if (next) save(next);
    });
  }

  function answered(form, status, data, sent) {
    var s = state(form);
    if (data.ok) {
      s.tries = 0;
      s.clean = sent;
      versionInput(form).value = data.version;
      if (same(values(form), sent)) forget(form.dataset.block); else keep(form);
      say(form, "已保存 " + data.saved_at, "saved");
      form.classList.remove("ed-has-conflict");
      refreshHints();
      return;
    }
    if (data.conflict) return conflict(form, data);
    if (status === 423) {
      s.paused = true;
      say(form, data.message, "error");
      announce(escapeHtml(data.message), "warn");
      return;
    }
    say(form, data.message || "保存失败。", "error");
  }

  function offline(form) {
    var s = state(form);
    var wait = RETRIES[Math.min(s.tries, RETRIES.length - 1)];
    s.tries += 1;
    say(form, "网络中断：内容已留存在本机，" + Math.round(wait / 1000) + "秒后重试", "error");
    clearTimeout(s.timer);
    s.timer = setTimeout(function () { save(form); }, wait);
  }

  function expired(form) {
    state(form).paused = true;
    say(form, "登录已超时：内容已留存在本机", "error");
    announce("登录已超时。您写的内容已留存在本机，不会丢失：请<a href=\"/accounts/login/?next=" +
      encodeURIComponent(location.pathname) + "\">重新登录</a>，回到本页后会自动恢复并保存。", "warn");
  }

  function stale(form) {
    state(form).paused = true;
    say(form, "页面已过期：内容已留存在本机", "error");
    announce("页面已过期（可能在其他窗口重新登录过）。您写的内容已留存在本机：请<a href=\"" +
      location.pathname + "\">刷新本页</a>，内容会自动恢复并保存。", "warn");
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  // Someone (another tab, another drafter) saved this block since it was loaded here:
  // keep both, and let the writer choose.
  function conflict(form, data) {
    var s = state(form);
    s.paused = true;
    keep(form);
    say(form, "未保存：与已保存的内容冲突", "error");
    form.classList.add("ed-has-conflict");
    var old = form.querySelector(".ed-conflict");
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "ed-conflict";
    box.setAttribute("role", "alert");
    var theirs = (data.theirs || []).map(function (pair) {
      return '<p class="small muted">' + escapeHtml(pair[0]) + '</p><div class="prewrap">' +
        (escapeHtml(pair[1]) || "（空）") + "</div>";
    }).join("");
    box.innerHTML = "<p><strong>" + escapeHtml(data.message) + "</strong></p>" +
      '<div class="ed-theirs"><p class="small muted">已保存的内容（第' + data.version + "版）：</p>" + theirs + "</div>" +
      '<p class="small">您的内容仍在上面的编辑框中。</p>' +
      '<div class="actions"><button type="button" class="btn small primary" data-choice="mine">保留我的内容</button>' +
      '<button type="button" class="btn small" data-choice="theirs">改用已保存的内容</button></div>';
    form.querySelector(".ed-status").before(box);
    box.addEventListener("click", function (event) {
      var choice = event.target.dataset.choice;
      if (!choice) return;
      versionInput(form).value = data.version;
      if (choice === "theirs") {
        Object.keys(data.fields || {}).forEach(function (name) {
          var el = form.elements[name];
          if (el) el.value = data.fields[name];
        });
        forget(form.dataset.block);
        s.clean = values(form);
        say(form, "已改用已保存的内容", "saved");
      }
      box.remove();
      form.classList.remove("ed-has-conflict");
      s.paused = false;
      count(form);
      recount();
      if (choice === "mine") { keep(form); save(form); }
    });
  }

  // --- events -----------------------------------------------------------------------------

  function edited(event) {
    var form = event.target.closest && event.target.closest("form.ed-block");
    if (!form || !event.target.name || event.target.type === "hidden") return;
    // Text fields report every keystroke as "input"; their "change" on leaving is no news.
    if (event.type === "change" && /^(TEXTAREA|INPUT)$/.test(event.target.tagName) && event.target.type !== "date") return;
    count(form);
    recount();
    var s = state(form);
    if (same(values(form), s.clean) && !s.saving) {
      clearTimeout(s.timer);
      s.since = 0;
      forget(form.dataset.block); // typed and undone: nothing to save
      return;
    }
    keep(form);
    schedule(form);
  }

  document.addEventListener("input", edited);
  document.addEventListener("change", edited);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("ed-block")) return;
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("formaction")) return; // delete: handled by htmx or the server
    event.preventDefault();
    state(form).paused = false;
    clearTimeout(state(form).timer);
    save(form);
  });

  function pending() {
    return Array.prototype.filter.call(document.querySelectorAll("form.ed-block"), function (form) {
      return kept(form.dataset.block) !== null && !state(form).paused;
    });
  }

  // Closing the tab or switching away: send what is unsaved (the copy stays until the
  // server is known to hold it; see restore()).
  function flush() {
    if (!navigator.sendBeacon) return;
    pending().forEach(function (form) {
      if (state(form).saving) return;
      clearTimeout(state(form).timer);
      navigator.sendBeacon(form.action, new FormData(form));
    });
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("online", function () {
    pending().forEach(function (form) { state(form).tries = 0; save(form); });
  });

  // htmx: a new block arrives (new problem or measure); a deleted one leaves.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.querySelectorAll) {
      event.target.querySelectorAll("form.ed-block").forEach(function (f) { state(f, true); });
    }
    var form = event.target.querySelector && event.target.querySelector(".ed-fresh form.ed-block");
    var fresh = document.querySelectorAll(".ed-fresh");
    fresh.forEach(function (el) {
      el.classList.remove("ed-fresh");
      var input = el.querySelector("input[type=text], textarea");
      if (input) input.focus();
    });
    if (form) count(form);
    recount();
  });
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("form.ed-block");
    if (form && event.target.hasAttribute("formaction")) {
      clearTimeout(state(form).timer);
      state(form).paused = true;
      forget(form.dataset.block);
    }
  });

  // --- on return: put back what the server does not have ------------------------------------

  function restore() {
    var restored = 0;
    var present = {};
    document.querySelectorAll("form.ed-block").forEach(function (form) {
      var id = form.dataset.block;
      state(form, true); // remember what the server sent, before a copy is put back
      present[id] = true;
      var copy = kept(id);
      if (!copy) return;
      if (same(copy.fields, values(form))) { forget(id); return; }
      Object.keys(copy.fields).forEach(function (name) {
        var el = form.elements[name];
        if (el) el.value = copy.fields[name];
      });
      // Saved from the version the copy was made at: if the block moved on since, the
      // server refuses and both texts are shown.
      versionInput(form).value = copy.version;
      count(form);
      restored += 1;
      say(form, "已从本机恢复", "pending");
      schedule(form, true);
    });
    // Copies of blocks deleted since have nothing to go back into.
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf(prefix) === 0 && !present[key.slice(prefix.length)]) localStorage.removeItem(key);
      });
    } catch (e) { /* nothing to do */ }
    recount();
    if (restored) {
      announce("已恢复您上次未保存的内容（" + restored + "处），正在保存到服务器。", "info");
    }
  }

  restore();
})();
