// kasir pages: the order form asks the server for every price; the
// dashboard and the order page get copy buttons. No amount is computed
// here.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "id";
  function $(id) { return document.getElementById(id); }
  function q(url) { return url + (url.indexOf("?") < 0 ? "?" : "&") + "lang=" + lang; }

  // Copy buttons.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-copy]");
    if (!b) return;
    var done = function () { b.dataset.label = b.dataset.label || b.textContent; b.textContent = lang === "en" ? "Copied" : "Tersalin"; };
    if (navigator.clipboard) navigator.clipboard.writeText(b.dataset.copy).then(done, done); else done();
  });

  // Dashboard forms that ask first (cancel, return).
  document.addEventListener("submit", function (e) {
    var m = e.target.dataset && e.target.dataset.confirm;
    if (m && !window.confirm(m)) e.preventDefault();
  });

  var f = $("order");
  if (!f) return;
  var seq = 0, timer = null, placed = false, sent = "";
  function data() { return new URLSearchParams(new FormData(f)); }

  function setErrors(errs) {
    var ps = f.querySelectorAll(".err");
    for (var i = 0; i < ps.length; i++) {
      var k = ps[i].id.slice(4);
      ps[i].textContent = (errs && errs[k]) || "";
      var input = f.elements[k];
      if (input && input.setAttribute) input.setAttribute("aria-invalid", errs && errs[k] ? "true" : "false");
    }
    var g = $("err-general");
    g.textContent = (errs && errs.general) || "";
    g.hidden = !g.textContent;
  }

  function price() {
    f.dataset.state = "busy";
    clearTimeout(timer);
    timer = setTimeout(send, 120);
  }
  function send() {
    var n = ++seq;
    fetch(q(f.dataset.price), { method: "POST", body: data(), credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (a) {
        if (n !== seq) return;
        if (a.error) { setErrors({ general: a.error }); f.dataset.state = "idle"; return; }
        $("shipping").innerHTML = a.shipping;
        $("summary").innerHTML = a.summary;
        var v = $("voucher-status");
        v.textContent = a.voucher || "";
        v.className = "status" + (a.voucher ? (a.voucher_ok ? " ok" : " bad") : "");
        f.elements.expected.value = a.expected || "";
        setErrors(a.errors);
        f.dataset.state = "idle";
      })
      .catch(function () { if (n === seq) f.dataset.state = "idle"; });
  }

  f.addEventListener("change", function (e) {
    if (e.target.id === "loc-q" || e.target.id === "phone") return;
    price();
  });
  var qty = $("quantity");
  qty.addEventListener("input", price);

  // The phone, checked as it is typed.
  var phone = $("phone"), pt = null, pseq = 0;
  phone.addEventListener("input", function () {
    clearTimeout(pt);
    var st = $("phone-status");
    // A verdict on what was typed before no longer holds.
    st.className = "status";
    delete st.dataset.for;
    if (phone.value.replace(/\D/g, "").length < 8) { st.textContent = ""; return; }
    phone.dataset.state = "busy";
    pt = setTimeout(function () {
      var n = ++pseq, asked = phone.value;
      fetch(q(f.dataset.phone + "?number=" + encodeURIComponent(asked)))
        .then(function (r) { return r.json(); })
        .then(function (a) {
          if (n !== pseq) return;
          st.textContent = a.message;
          st.className = "status " + (a.ok ? "ok" : "bad");
          st.dataset.for = asked; // the number this verdict is about
          phone.setAttribute("aria-invalid", a.ok ? "false" : "true");
          phone.dataset.state = "idle";
          if (a.ok) price();
        })
        .catch(function () { phone.dataset.state = "idle"; });
    }, 250);
  });

  // The destination, searched by district, city or postal code.
  var lq = $("loc-q"), list = $("loc-results"), lt = null;
  lq.addEventListener("input", function () {
    clearTimeout(lt);
    if (lq.value.trim().length < 3) { list.innerHTML = ""; return; }
    lt = setTimeout(function () {
      fetch(q(f.dataset.loc + "?q=" + encodeURIComponent(lq.value.trim())))
        .then(function (r) { return r.json(); })
        .then(function (ls) {
          list.innerHTML = "";
          (ls || []).forEach(function (l) {
            var li = document.createElement("li"), b = document.createElement("button");
            b.type = "button"; b.textContent = l.label; b.dataset.id = l.id;
            li.appendChild(b); list.appendChild(li);
          });
        });
    }, 200);
  });
  list.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    $("location_id").value = b.dataset.id;
    $("location_label").value = b.textContent;
    $("loc-chosen").textContent = (lang === "en" ? "Delivery area" : "Wilayah tujuan") + ": " + b.textContent;
    list.innerHTML = ""; lq.value = "";
    $("address").focus();
    price();
  });

  // Vouchers: the server says whether one applies and why not.
  $("voucher-apply").addEventListener("click", price);
  $("voucher").addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); price(); }
  });

  // One order per form, however often the button is pressed.
  f.addEventListener("submit", function (e) {
    if (placed) { e.preventDefault(); return; }
    placed = true;
    $("place").disabled = true;
    $("place").setAttribute("aria-busy", "true");
  });
  window.addEventListener("pageshow", function () { placed = false; $("place").disabled = false; });

  // Leaving with a name and a phone typed keeps the checkout for the seller.
  function leave() {
    var name = f.elements.name.value.trim(), ph = phone.value.trim();
    if (placed || !name || ph.replace(/\D/g, "").length < 8 || sent === name + "|" + ph) return;
    sent = name + "|" + ph;
    navigator.sendBeacon(f.dataset.abandon, data());
  }
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") leave(); });
  f.dataset.state = "idle";
})();
