// The room's one script: follow the console live, mark unread injects, say when the link drops.
(function () {
  "use strict";
  const body = document.body;
  const seat = body.dataset.seat;
  const seenKey = "wargame-seen:" + seat;
  const banner = document.getElementById("connection");

  function seen() {
    try { return new Set(JSON.parse(localStorage.getItem(seenKey) || "[]")); }
    catch (e) { return new Set(); }
  }
  function remember(ids) {
    const all = seen();
    ids.forEach((id) => all.add(id));
    try { localStorage.setItem(seenKey, JSON.stringify([...all])); } catch (e) { /* private mode */ }
  }
  // Each form gets its own idempotency key once: a retry of the same form sends the same key,
  // so the console records it once (crypto.getRandomValues works on a LAN's plain http too).
  function giveKeys() {
    document.querySelectorAll("input.idempotency-key").forEach((input) => {
      if (input.value) return;
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      input.value = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    });
  }
  function markUnread() {
    giveKeys();
    const known = seen();
    let count = 0;
    document.querySelectorAll(".inbox .card[data-inject]").forEach((card) => {
      const unread = !known.has(card.dataset.inject);
      card.classList.toggle("unread", unread);
      if (unread) count += 1;
    });
    document.querySelectorAll(".unread-count").forEach((el) => {
      el.textContent = count ? "(" + count + " new)" : "";
    });
  }
  body.addEventListener("click", (event) => {
    const card = event.target.closest(".card[data-inject]");
    if (card) { remember([card.dataset.inject]); markUnread(); }
    if (event.target.closest(".mark-read")) {
      remember([...document.querySelectorAll(".card[data-inject]")].map((c) => c.dataset.inject));
      markUnread();
    }
  });
  body.addEventListener("htmx:afterSwap", markUnread);
  body.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt;
    if (form && form.id === "note-form" && event.detail.successful) form.reset();
  });
  body.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    const text = event.detail.xhr.responseText;
    const live = document.getElementById("live");
    if (status === 403) {
      live.innerHTML = '<p class="flash error" role="alert">This seat\u2019s link is no longer valid. Ask the facilitator for a new one.</p>';
    } else if (text && live) {
      const note = document.createElement("p");
      note.className = "flash error";
      note.setAttribute("role", "alert");
      note.textContent = text;
      live.prepend(note);
    }
  });

  let source = null;
  function connect() {
    source = new EventSource(body.dataset.events);
    source.addEventListener("update", () => {
      banner.hidden = true;
      body.classList.remove("offline");
      htmx.trigger(body, "wargame-update");
    });
    source.addEventListener("revoked", () => {
      source.close();
      document.getElementById("live").innerHTML = '<p class="flash error" role="alert">This seat\u2019s link was revoked. Ask the facilitator for a new one.</p>';
    });
    source.onerror = () => { banner.hidden = false; body.classList.add("offline"); };
  }
  markUnread();
  connect();
})();
