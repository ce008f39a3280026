/*
 * Meeting mode: the recorder's screen, the projector view and the closing page.
 *
 * The recorder's page is the clock of the meeting. Every press (start, pause, resume,
 * next, stop) is applied here at once, kept in localStorage with its own id and time,
 * and sent to the server; while the network is down the clock keeps running and the
 * presses wait in the queue, to be sent when it returns. The server stores each event
 * once (by its id) and replays the log in time order (proceedings/mode_replay.py holds
 * the same machine as `apply` below), so a press sent twice or late changes nothing.
 *
 * Times are taken from this computer's clock, moved onto the server's by the offset
 * measured when the page loaded: a laptop whose clock is wrong still records the right
 * times, and an event made offline keeps the moment it was made.
 *
 * The projector view only reads: it asks the server for the current state every few
 * seconds and runs the countdown in between.
 */
(function () {
  "use strict";

  var RETRY = [2000, 5000, 10000, 15000];
  var POLL = 15000; // the recorder: others' presses, and the session kept alive
  var PROJECTOR_POLL = 3000;
  var BATCH = 200;

  // --- time --------------------------------------------------------------------------

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function clockText(seconds, up) {
    // Time left is rounded up, time used down: 04:54 left beside 00:06 used makes 05:00.
    seconds = Math.max(0, up ? Math.ceil(seconds - 0.0005) : Math.floor(seconds + 0.0005));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(s);
  }

  function timeOfDay(ms) {
    if (ms == null) return "";
    // The meeting's own time zone, whatever this computer is set to.
    try {
      return new Date(ms).toLocaleTimeString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
    } catch (e) {
      return new Date(ms).toLocaleTimeString();
    }
  }

  // Seconds spoken in a slot up to `now` (pauses excluded).
  function spoken(clock, now) {
    if (!clock || clock.started_at == null) return 0;
    var until = clock.ended_at != null ? clock.ended_at : clock.paused_at != null ? clock.paused_at : now;
    return Math.max(0, (until - clock.started_at) / 1000 - (clock.paused || 0));
  }

  function pausedSoFar(clock, now) {
    if (!clock) return 0;
    var open = clock.paused_at != null && clock.ended_at == null ? (now - clock.paused_at) / 1000 : 0;
    return (clock.paused || 0) + Math.max(0, open);
  }

  // --- the machine (the mirror of proceedings/mode_replay.py) ------------------------

  function Machine(slots) {
    this.order = slots.map(function (s) { return s.id; });
    this.position = {};
    this.skipped = {};
    var self = this;
    slots.forEach(function (s, i) {
      self.position[s.id] = i;
      if (s.skipped) self.skipped[s.id] = true;
    });
    this.clocks = {};
    this.current = null;
    this.running = false;
  }

  Machine.prototype.load = function (state) {
    var self = this;
    this.clocks = {};
    Object.keys(state.clocks || {}).forEach(function (id) {
      var c = state.clocks[id];
      self.clocks[id] = { started_at: c.started_at, ended_at: c.ended_at, paused_at: c.paused_at, paused: c.paused || 0 };
    });
    this.current = state.current == null ? null : state.current;
    this.running = !!state.running;
  };

  Machine.prototype.clock = function (slot) {
    if (!this.clocks[slot]) this.clocks[slot] = { started_at: null, ended_at: null, paused_at: null, paused: 0 };
    return this.clocks[slot];
  };

  Machine.prototype.apply = function (press) {
    var at = press.at, slot = press.slot;
    if (!(slot in this.position)) return false;
    if (press.move === "start") {
      if (this.skipped[slot]) return false;
      if (this.current === slot) return this.running ? false : this.resume(at);
      this.endCurrent(at);
      this.open(slot, at);
      return true;
    }
    if (this.current !== slot) return false;
    if (press.move === "pause") {
      if (!this.running) return false;
      this.running = false;
      this.clock(slot).paused_at = at;
      return true;
    }
    if (press.move === "resume") return this.running ? false : this.resume(at);
    if (press.move === "next") {
      this.endCurrent(at);
      var following = this.following(slot);
      if (following != null) this.open(following, at);
      return true;
    }
    if (press.move === "stop") {
      this.endCurrent(at);
      return true;
    }
    return false;
  };

  Machine.prototype.open = function (slot, at) {
    var c = this.clock(slot);
    if (c.started_at == null) {
      c.started_at = at;
    } else if (c.ended_at != null) {
      c.paused += Math.max(0, (at - c.ended_at) / 1000);
      c.ended_at = null;
    }
    this.current = slot;
    this.running = true;
  };

  Machine.prototype.resume = function (at) {
    var c = this.clock(this.current);
    c.paused += Math.max(0, (at - c.paused_at) / 1000);
    c.paused_at = null;
    this.running = true;
    return true;
  };

  Machine.prototype.endCurrent = function (at) {
    if (this.current == null) return;
    var c = this.clock(this.current);
    if (c.paused_at != null) {
      c.paused += Math.max(0, (at - c.paused_at) / 1000);
      c.paused_at = null;
    }
    c.ended_at = at;
    this.current = null;
    this.running = false;
  };

  Machine.prototype.following = function (slot) {
    for (var i = this.position[slot] + 1; i < this.order.length; i++) {
      if (!this.skipped[this.order[i]]) return this.order[i];
    }
    return null;
  };

  // The slot that 开始 would start when nothing runs: the first one not yet spoken after
  // the last one that was (the same rule as proceedings.mode.upcoming_slot).
  Machine.prototype.upcoming = function () {
    var last = -1, self = this;
    this.order.forEach(function (id, i) { if (self.clocks[id] && self.clocks[id].started_at != null) last = i; });
    for (var i = last + 1; i < this.order.length; i++) {
      if (!this.skipped[this.order[i]]) return this.order[i];
    }
    for (i = 0; i < this.order.length; i++) {
      var id = this.order[i];
      if (!this.skipped[id] && !(this.clocks[id] && this.clocks[id].started_at != null)) return id;
    }
    return null;
  };

  // --- small helpers -----------------------------------------------------------------

  function readData() {
    var node = document.getElementById("mode-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrfToken() {
    // The cookie first: it is the one that changes when the person logs in again in
    // another window; the page's own token is then stale.
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function field(root, name) { return root.querySelector("[data-field='" + name + "']"); }

  function setText(node, text) { if (node && node.textContent !== text) node.textContent = text; }

  // --- the queue in localStorage -----------------------------------------------------

  function Queue(key) {
    this.key = key;
    this.seq = 0;
    this.events = [];
    try {
      var kept = JSON.parse(localStorage.getItem(key) || "null");
      if (kept) { this.seq = kept.seq || 0; this.events = kept.events || []; }
    } catch (e) { /* an unreadable copy is dropped */ }
  }

  Queue.prototype.save = function () {
    try {
      if (this.events.length) {
        localStorage.setItem(this.key, JSON.stringify({ seq: this.seq, events: this.events }));
      } else {
        localStorage.removeItem(this.key);
      }
      return true;
    } catch (e) {
      return false;
    }
  };

  Queue.prototype.add = function (event) {
    this.seq += 1;
    event.seq = this.seq;
    this.events.push(event);
    return this.save();
  };

  Queue.prototype.drop = function (ids) {
    var gone = {};
    ids.forEach(function (id) { gone[id] = true; });
    this.events = this.events.filter(function (e) { return !gone[e.id]; });
    this.save();
  };

  // --- sending -----------------------------------------------------------------------

  // Sends the queue in batches, one request at a time; `report(kind, detail)` tells the
  // page how it went: "ok", "sending", "offline", "expired", "refused".
  function Sender(url, queue, report) {
    this.url = url;
    this.queue = queue;
    this.report = report;
    this.busy = false;
    this.tries = 0;
    this.timer = null;
    this.onState = null;
  }

  Sender.prototype.soon = function (wait) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.flush(); }, wait || 0);
  };

  Sender.prototype.flush = function () {
    var self = this;
    if (this.busy) return Promise.resolve(false);
    if (!this.queue.events.length) return Promise.resolve(true);
    this.busy = true;
    clearTimeout(this.timer);
    var batch = this.queue.events.slice(0, BATCH);
    this.report("sending");
    return fetch(this.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
      body: JSON.stringify({ events: batch })
    }).then(function (response) {
      if (response.redirected || response.url.indexOf("/accounts/login") !== -1) return "expired";
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) return response.status === 403 ? "expired" : "offline";
      return response.json().then(function (data) {
        if (!response.ok && !data.stored) {
          // The whole batch refused (the meeting closed, archived): nothing in it will
          // ever be taken, keeping it would only retry for ever.
          self.queue.drop(batch.map(function (e) { return e.id; }));
          self.report("refused", data.message || "记录未被接受。");
          return "done";
        }
        self.queue.drop([].concat(data.stored || [], data.duplicates || [], (data.refused || []).map(function (r) { return r.id; })));
        if (data.refused && data.refused.length) self.report("refused", data.refused[0].message);
        if (self.onState && data.state) self.onState(data.state, !self.queue.events.length);
        return "done";
      });
    }).catch(function () {
      return "offline";
    }).then(function (outcome) {
      self.busy = false;
      if (outcome === "done") {
        self.tries = 0;
        if (self.queue.events.length) return self.flush();
        self.report("ok");
        return true;
      }
      var wait = RETRY[Math.min(self.tries, RETRY.length - 1)];
      self.tries += 1;
      self.report(outcome, wait);
      self.soon(outcome === "expired" ? RETRY[RETRY.length - 1] : wait);
      return false;
    });
  };

  // --- the recorder's screen ---------------------------------------------------------

  function Recorder(root, data) {
    this.root = root;
    this.data = data;
    this.offset = data.server_now - Date.now();
    this.slots = {};
    var self = this;
    data.slots.forEach(function (s) { self.slots[s.id] = s; });
    this.machine = new Machine(data.slots);
    this.machine.load(data.state);
    this.queue = new Queue("meeting-mode:v1:" + data.user + ":" + data.sitting);
    // Presses not yet taken by the server (made offline, or before a reload) are laid
    // over what the server knows, in the order they were made.
    this.queue.events.slice().sort(function (a, b) { return a.at - b.at || a.seq - b.seq; })
      .forEach(function (e) { self.machine.apply(e); });
    this.sender = new Sender(data.events_url, this.queue, function (kind, detail) { self.connection(kind, detail); });
    this.sender.onState = function (state, settled) { if (settled) self.adopt(state); };
    this.announced = null;
    this.overrunAnnounced = null;
  }

  Recorder.prototype.now = function () { return Date.now() + this.offset; };

  Recorder.prototype.start = function () {
    var self = this;
    this.root.classList.add("mode-live");
    this.root.addEventListener("submit", function (event) {
      var form = event.target.closest("form[data-move]");
      if (!form) return;
      event.preventDefault();
      self.press(form.getAttribute("data-move"), Number(form.querySelector("[name=slot]").value));
    });
    window.addEventListener("online", function () { self.sender.soon(0); });
    document.addEventListener("visibilitychange", function () { if (!document.hidden) self.sender.soon(0); });
    setInterval(function () { self.render(); }, 250);
    this.poll();
    this.render();
    if (this.queue.events.length) {
      this.connection("pending");
      this.sender.soon(0);
    } else {
      this.connection("ok");
    }
  };

  Recorder.prototype.press = function (move, slot) {
    if (this.data.closed) return;
    var event = { id: uuid(), move: move, slot: slot, at: Math.round(this.now()) };
    if (!this.machine.apply(event)) { this.render(); return; }
    if (!this.queue.add(event)) {
      this.connection("storage");
    }
    this.render();
    this.sender.flush();
  };

  // The server's state replaces ours once nothing of ours is waiting: it holds the
  // presses of every window, replayed in order.
  Recorder.prototype.adopt = function (state) {
    if (this.queue.events.length) return;
    this.machine.load(state);
    if (state.skipped) {
      var skipped = {}, self = this;
      state.skipped.forEach(function (id) { skipped[id] = true; });
      this.machine.skipped = skipped;
      Object.keys(this.slots).forEach(function (id) { self.slots[id].skipped = !!skipped[id]; });
    }
    if (state.closed) this.data.closed = true;
    this.render();
  };

  Recorder.prototype.poll = function () {
    var self = this;
    setTimeout(function () {
      if (self.queue.events.length || self.sender.busy) { self.poll(); return; }
      fetch(self.data.state_url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (response.redirected || response.url.indexOf("/accounts/login") !== -1) { self.connection("expired"); return null; }
          return response.ok ? response.json() : null;
        })
        .then(function (state) {
          if (state) { self.adopt(state); if (self.conn !== "refused") self.connection("ok"); }
        })
        .catch(function () { self.connection("offline-idle"); })
        .then(function () { self.poll(); });
    }, POLL);
  };

  Recorder.prototype.connection = function (kind, detail) {
    var node = document.getElementById("mode-conn");
    if (!node) return;
    // A press sent at once is not news: the line changes only when something is wrong
    // or the page catches up after being wrong.
    if (kind === "sending" && (this.conn === "ok" || this.conn === "sending")) return;
    var waiting = this.queue.events.length;
    var text;
    var state = "ok";
    if (kind === "ok") {
      text = "已连接，记录已同步。";
    } else if (kind === "sending" || kind === "pending") {
      text = waiting ? "正在同步" + waiting + "条记录…" : "正在同步…";
    } else if (kind === "offline" || kind === "offline-idle") {
      state = "offline";
      text = waiting
        ? "网络中断：计时照常进行，" + waiting + "条记录已保存在本机，网络恢复后自动补发。"
        : "网络中断：计时照常进行，网络恢复后自动同步。";
    } else if (kind === "expired") {
      state = "offline";
      text = "登录已超时：计时照常进行，" + (waiting ? waiting + "条记录已保存在本机。" : "") +
        "请在新窗口重新登录，之后本页会自动补发。";
    } else if (kind === "storage") {
      state = "offline";
      text = "本机存储已满，记录仅保存在本页：请勿关闭或刷新本页。";
    } else {
      state = "refused";
      text = detail || "有记录未被接受。";
    }
    this.conn = kind;
    node.setAttribute("data-state", state);
    setText(node, text);
  };

  Recorder.prototype.render = function () {
    var m = this.machine, now = this.now(), root = this.root;
    var currentId = m.current;
    var shown = currentId != null ? currentId : m.upcoming();
    var slot = shown != null ? this.slots[shown] : null;
    var clock = currentId != null ? m.clocks[currentId] : null;

    root.setAttribute("data-running", currentId == null ? "idle" : m.running ? "running" : "paused");
    setText(field(root, "heading"), currentId != null ? (m.running ? "正在发言" : "暂停中") : slot ? "即将开始" : "发言已全部结束");
    setText(field(root, "item"), slot ? slot.item : "");
    setText(field(root, "who"), slot ? slot.who : "—");
    setText(field(root, "what"), slot ? slot.what : "");
    setText(field(root, "note"), slot ? slot.note : "");

    var limit = slot && slot.limit ? slot.limit : null;
    var used = spoken(clock, now);
    var clockNode = field(root, "clock");
    var over = limit != null && used > limit;
    if (limit != null) {
      setText(clockNode, over ? "+" + clockText(used - limit) : clockText(limit - used, true));
    } else {
      setText(clockNode, clockText(used));
    }
    if (clockNode) clockNode.classList.toggle("mode-over", over);
    var parts = [];
    if (limit != null) parts.push("限时" + Math.round(limit / 60) + "分钟");
    parts.push("已用时 " + clockText(used));
    if (clock && pausedSoFar(clock, now) >= 1) parts.push("暂停 " + clockText(pausedSoFar(clock, now)));
    if (over) parts.push("已超时，不影响继续发言");
    if (clock && clock.started_at != null) parts.push(timeOfDay(clock.started_at) + "开始");
    setText(field(root, "clock-note"), parts.join(" · "));

    var following = currentId != null ? m.following(currentId) : null;
    var nextSlot = following != null ? this.slots[following] : null;
    setText(field(root, "next"), nextSlot ? nextSlot.label : currentId != null ? "（本项为最后一项）" : "—");

    this.controls(currentId, shown);
    this.rows(now);
    this.announce(currentId, over);
  };

  Recorder.prototype.controls = function (currentId, shown) {
    var m = this.machine, closed = this.data.closed;
    var visible = {
      start: !closed && currentId == null && shown != null,
      pause: !closed && currentId != null && m.running,
      resume: !closed && currentId != null && !m.running,
      next: !closed && currentId != null,
      stop: !closed && currentId != null
    };
    this.root.querySelectorAll(".mode-controls form[data-move]").forEach(function (form) {
      var move = form.getAttribute("data-move");
      form.hidden = !visible[move];
      var input = form.querySelector("[name=slot]");
      var target = move === "start" ? shown : currentId;
      if (target != null) input.value = target;
    });
  };

  Recorder.prototype.rows = function (now) {
    var m = this.machine, self = this;
    this.root.querySelectorAll("[data-slot-row]").forEach(function (row) {
      var id = Number(row.getAttribute("data-slot-row"));
      var slot = self.slots[id];
      var c = m.clocks[id];
      var status, times = "";
      if (slot.skipped) {
        status = "请假";
      } else if (m.current === id) {
        status = m.running ? "发言中" : "暂停";
        times = timeOfDay(c.started_at) + "开始 · 已用时 " + clockText(spoken(c, now));
      } else if (c && c.ended_at != null) {
        status = "已发言";
        times = timeOfDay(c.started_at) + "—" + timeOfDay(c.ended_at) + " · " + clockText(spoken(c, now));
      } else {
        status = "未开始";
      }
      row.setAttribute("data-status", status);
      if (m.current === id) row.setAttribute("aria-current", "step"); else row.removeAttribute("aria-current");
      setText(row.querySelector("[data-row='status']"), status);
      setText(row.querySelector("[data-row='times']"), times);
      var jump = row.querySelector("form[data-move=start]");
      if (jump) jump.hidden = self.data.closed || m.current === id || !!slot.skipped;
    });
  };

  // One calm sentence for a screen reader when the speaker changes or the time is up;
  // the ticking clock itself is not read out.
  Recorder.prototype.announce = function (currentId, over) {
    var node = document.getElementById("mode-announce");
    if (!node) return;
    if (currentId !== this.announced) {
      this.announced = currentId;
      this.overrunAnnounced = null;
      if (currentId != null) {
        node.textContent = "现在：" + this.slots[currentId].label;
        // The round under way opens by itself; the others stay as the recorder left them.
        var row = document.getElementById("slot-" + currentId);
        var round = row && row.closest("details[data-round]");
        if (round) round.open = true;
      }
    } else if (over && this.overrunAnnounced !== currentId) {
      this.overrunAnnounced = currentId;
      node.textContent = "已超过限定时间";
    }
  };

  // --- the closing page: the queue must reach the server before the meeting closes ----

  function Closing(root, data) {
    var queue = new Queue("meeting-mode:v1:" + data.user + ":" + data.sitting);
    var form = root.querySelector("form[data-close]");
    var note = document.getElementById("mode-conn");
    if (!form || !queue.events.length) return;
    var button = form.querySelector("button");
    var sender = new Sender(data.events_url, queue, function (kind) {
      var waiting = queue.events.length;
      if (kind === "ok") {
        note.setAttribute("data-state", "ok");
        note.textContent = "本机保存的记录已全部补发。";
        button.disabled = false;
      } else if (kind === "offline" || kind === "expired") {
        note.setAttribute("data-state", "offline");
        note.textContent = "还有" + waiting + "条记录保存在本机未补发：网络恢复后自动补发，补发完毕才能结束会议。";
        button.disabled = true;
      } else if (kind === "refused") {
        note.setAttribute("data-state", "refused");
      }
    });
    button.disabled = true;
    note.setAttribute("data-state", "offline");
    note.textContent = "正在补发本机保存的" + queue.events.length + "条记录…";
    window.addEventListener("online", function () { sender.soon(0); });
    sender.flush();
  }

  // --- the projector -----------------------------------------------------------------

  function Projector(root, data) {
    this.root = root;
    this.url = data.state_url;
    this.state = data.state;
    this.offset = data.server_now - Date.now();
    this.failures = 0;
  }

  Projector.prototype.start = function () {
    var self = this;
    this.root.classList.add("mode-live");
    setInterval(function () { self.render(); }, 250);
    this.render();
    this.poll();
    var full = this.root.querySelector("[data-fullscreen]");
    if (full && document.documentElement.requestFullscreen) {
      full.hidden = false;
      full.addEventListener("click", function () {
        if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen();
      });
    }
  };

  Projector.prototype.poll = function () {
    var self = this;
    setTimeout(function () {
      fetch(self.url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok && !response.redirected ? response.json() : null; })
        .then(function (state) {
          if (!state) throw new Error("no state");
          self.state = state;
          self.offset = state.server_now - Date.now();
          self.failures = 0;
        })
        .catch(function () { self.failures += 1; })
        .then(function () { self.render(); self.poll(); });
    }, PROJECTOR_POLL);
  };

  Projector.prototype.render = function () {
    var root = this.root, state = this.state, now = Date.now() + this.offset;
    var current = state.closed ? null : state.current_slot, upcoming = state.closed ? null : state.next_slot;
    var shown = current || upcoming;
    root.setAttribute("data-running", current ? (state.running ? "running" : "paused") : "idle");
    setText(field(root, "heading"), state.closed ? "会议已结束" : current ? (state.running ? "正在发言" : "暂停") : shown ? "即将开始" : "发言已全部结束");
    setText(field(root, "item"), shown ? shown.item : "");
    setText(field(root, "who"), shown ? shown.who : "");
    setText(field(root, "what"), shown ? shown.what : "");
    setText(field(root, "note"), shown ? shown.note : "");
    var limit = shown && shown.limit ? shown.limit : null;
    var used = current ? spoken(current.clock, now) : 0;
    var over = limit != null && used > limit;
    var clockNode = field(root, "clock");
    setText(clockNode, limit != null ? (over ? "+" + clockText(used - limit) : clockText(limit - used, true)) : clockText(used));
    if (clockNode) clockNode.classList.toggle("mode-over", over);
    setText(field(root, "clock-note"), limit != null ? (over ? "已超过" + Math.round(limit / 60) + "分钟" : "限时" + Math.round(limit / 60) + "分钟") : "");
    var after = current ? upcoming : state.closed ? null : state.after_next;
    setText(field(root, "next"), after ? after.label : "—");
    var conn = document.getElementById("mode-conn");
    if (conn) {
      conn.setAttribute("data-state", this.failures > 1 ? "offline" : "ok");
      setText(conn, this.failures > 1 ? "连接中断，显示的可能不是最新情况" : "");
    }
  };

  // --- start -------------------------------------------------------------------------

  function ready() {
    var root = document.querySelector("[data-mode]");
    var data = readData();
    if (!root || !data) return;
    var kind = root.getAttribute("data-mode");
    if (kind === "recorder") new Recorder(root, data).start();
    else if (kind === "projector") new Projector(root, data).start();
    else if (kind === "close") Closing(root, data);
  }

  // The machine, for the test that replays the same presses here and on the server
  // (tests/browser/test_meeting_mode_machine.py).
  window.MeetingMode = { Machine: Machine };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
