// Progressive enhancement only: every page works without this file (forms post, links navigate).
(function () {
  "use strict";

  // A sign-in form refused before any sign-in (a property's value) answers with the connect page, the error on the
  // card: in the popup the form targets, it is handed to the page that opened it, and the popup closes.
  if (document.body.classList.contains("connect") && window.name === "sb-oauth" && window.opener) {
    try {
      // Throws when the opener has gone to another origin: this page is then shown here, not closed unseen.
      if (window.opener.location.origin !== window.location.origin) throw new Error("opener elsewhere");
      window.opener.postMessage({ type: "switchboard:refused", href: window.location.href }, window.location.origin);
      window.close();
      return;
    } catch (error) { /* the opener is gone or elsewhere: the page is shown here */ }
  }

  // Copy buttons: data-copy names the element whose value or text is copied.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.value !== undefined ? source.value : source.textContent;
    var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy"; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else if (source.select) {
      source.select(); document.execCommand("copy"); done();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); return; }
    // OAuth forms target a named popup: open it sized like a consent dialog before the form fills it.
    if (form.hasAttribute("data-popup")) {
      var popup = window.open("about:blank", form.target, "width=520,height=680");
      if (!popup) {  // popups blocked: go in this window instead, and come back to this page at the end
        form.removeAttribute("target");
        var inpage = document.createElement("input");
        inpage.type = "hidden"; inpage.name = "inpage"; inpage.value = "1";
        form.appendChild(inpage);
      }
    }
  });

  // An error's field (or the error itself) is marked autofocus; a browser skips autofocus in a frame of another
  // origin, as the connect page is in a partner's app, so it is focused here too.
  var wanted = document.querySelector("[autofocus]");
  if (wanted && document.activeElement !== wanted) wanted.focus();

  var body = document.body;
  var isConnect = body.classList.contains("connect");
  var origins = (body.getAttribute("data-origins") || "").split(" ").filter(Boolean);

  // The origin of the partner's page that sent this window here, as the window's first connect page saw it
  // (later pages come from Switchboard's own forms, or back from a provider's sign-in).
  var partnerOrigin = "";
  if (isConnect) {
    try {
      var store = window.sessionStorage;
      if (store.getItem("switchboard:from") === null) {
        store.setItem("switchboard:from", document.referrer ? new URL(document.referrer).origin : "");
      }
      partnerOrigin = store.getItem("switchboard:from") || "";
    } catch (error) { partnerOrigin = ""; }  // storage refused (a sandboxed frame): nothing to compare
  }

  var head = document.querySelector("[data-brand]");
  // The partner's colour for the whole page (set here: the policy allows no inline styles).
  if (head) document.documentElement.style.setProperty("--brand", head.getAttribute("data-brand"));

  // The connect page's finder: search and categories filter the cards (without this file, all are listed).
  var finder = document.querySelector("[data-finder]");
  if (finder) {
    var search = finder.querySelector("[data-search-input]");
    var empty = document.querySelector("[data-empty]");
    var cards = Array.prototype.slice.call(document.querySelectorAll("article[data-connector]"));
    var category = "";
    var apply = function () {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card) {
        var text = card.getAttribute("data-search") || "";
        var match = (!category || card.getAttribute("data-category") === category) &&
          words.every(function (w) { return text.indexOf(w) !== -1; });
        card.hidden = !match;
        if (match) shown += 1;
      });
      if (empty) empty.hidden = shown > 0;
    };
    search.addEventListener("input", apply);
    finder.addEventListener("click", function (event) {
      var chip = event.target.closest("[data-category-filter]");
      if (!chip) return;
      category = chip.getAttribute("data-category-filter");
      finder.querySelectorAll("[data-category-filter]").forEach(function (b) {
        b.setAttribute("aria-pressed", b === chip ? "true" : "false");
      });
      apply();
    });
    finder.hidden = false;
  }

  // Tells the partner's page (the opener, or the page framing this one) how connecting ended.
  function tellPartner(message) {
    var target = window.opener || (window.parent !== window ? window.parent : null);
    if (!target) return;
    if (!origins.length) {
      // Else the partner's page waits for a message that never comes, and nothing says why.
      console.warn("Switchboard: the page that opened this one is not told " + message.type + ": the branding " +
        "names no AllowedOrigins. Add your app's origin with PUT /v1.0/branding.");
    } else if (partnerOrigin && partnerOrigin !== window.location.origin && origins.indexOf(partnerOrigin) === -1) {
      // Else a page on another origin (a development server) waits for a message sent elsewhere.
      console.warn("Switchboard: the page that opened this one (" + partnerOrigin + ") is not told " + message.type +
        ": it is not among the branding's AllowedOrigins (" + origins.join(", ") + "). Add it with PUT /v1.0/branding.");
    }
    origins.forEach(function (origin) { target.postMessage(message, origin); });
  }

  // Told once: a reload, or coming back to this entry, must not announce the same connection again.
  function told() {
    if (!window.history || !window.history.replaceState) return;
    var url = new URL(window.location.href);
    ["outcome", "id", "gone", "Status", "AccountConnectorId"].forEach(function (name) { url.searchParams.delete(name); });
    window.history.replaceState(window.history.state, "", url.toString());
  }

  if (isConnect && body.getAttribute("data-outcome")) {
    tellPartner({
      type: "switchboard:connect",
      accountConnectorId: Number(body.getAttribute("data-outcome-id")),
      status: body.getAttribute("data-outcome"),
    });
    told();
  }
  if (isConnect && body.getAttribute("data-gone")) {
    tellPartner({ type: "switchboard:disconnect", accountConnectorId: Number(body.getAttribute("data-gone")) });
    told();
  }

  // A partner's logo that does not load leaves nothing behind (no broken-image mark beside the name).
  document.querySelectorAll("img.logo").forEach(function (img) {
    var hide = function () { img.hidden = true; };
    if (img.complete && img.naturalWidth === 0) hide(); else img.addEventListener("error", hide);
  });

  // The OAuth popup's last page posts here (same origin) when the sign-in completes.
  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin) return;
    var data = event.data || {};
    if (data.type === "switchboard:refused" && isConnect) {
      var back = new URL(String(data.href), window.location.href);
      if (back.origin === window.location.origin && back.pathname === "/connect/home") {
        if (event.source && event.source.close) event.source.close();
        window.location.assign(back.toString());
      }
      return;
    }
    if (data.type !== "switchboard:oauth") return;
    // A failed sign-in (the provider refused the new credentials) says why; its popup stays open to read.
    // The page is told which outcome by name only: it shows no words a URL brings (console/notices.py).
    var failed = data.status !== "Authenticated";
    if (isConnect) {
      var url = new URL(window.location.href);
      url.searchParams.set("outcome", data.status);
      url.searchParams.set("id", String(data.accountConnectorId));
      url.searchParams.delete("error");
      url.searchParams.delete("note");
      url.searchParams.delete("at");  // an earlier form's card: this outcome is said at the top
      url.searchParams.delete("fault");
      url.hash = "";
      if (failed) url.searchParams.set("error", "oauth-failed");
      window.location.replace(url.toString());
    } else {
      var url2 = new URL(window.location.href);
      url2.search = failed ? "?error=oauth-failed" : "?notice=oauth-connected";
      window.location.replace(url2.toString());
    }
  });
})();
