// Switchboard's connect page in a popup or an iframe, for the partner's frontend. No dependencies.
// Only messages from Switchboard's own origin and from the window this opened are believed; the
// connect page sends them only to the partner's AllowedOrigins (PUT /v1.0/branding).

const POLL_MS = 500;
const POPUP_NAME = "switchboard-connect";
// The popup session now open: a new one reuses its window (the same name), so the earlier one ends first.
let popupSession = null;

/** @param {import("./connect").ConnectOptions} options */
export function openConnect(options) {
  const { url, token, connector, mode = "popup", container, onEvent } = options || {};
  let origin;
  try {
    origin = new URL(url).origin;
  } catch {
    return settled({ status: "error", message: `openConnect: url must be Switchboard's address, not ${JSON.stringify(url)}` });
  }
  const badToken = "openConnect: token is the account's sign-in token from your backend";
  // A function (or a promise) gives the token later: the popup opens now, inside the click, and is sent to the
  // page once the token comes. Fetching it first and then opening is blocked by browsers that allow a popup only
  // in the click itself (Safari), or a few seconds after it (Chrome, Firefox).
  const later = typeof token === "function" || (token !== null && typeof token === "object" && typeof token.then === "function");
  if (!later && (typeof token !== "string" || token === "")) {
    return settled({ status: "error", message: badToken });
  }
  const pageFor = (value) => {
    const page = new URL("/connect", origin);
    page.searchParams.set("token", value);
    if (typeof connector === "string" && connector !== "") page.searchParams.set("connector", connector);
    return page.href;
  };
  const first = later ? "about:blank" : pageFor(token);

  let target = null; // the popup's or the iframe's window
  let frame = null;
  let timer = null;
  let finish;
  const done = new Promise((resolve) => { finish = resolve; });
  let ended = false;
  const single = typeof connector === "string" && connector !== "";

  function tell(event) {
    if (typeof onEvent === "function") {
      try { onEvent(event); } catch (error) { setTimeout(() => { throw error; }); }
    }
  }

  // The session is over (the popup closed, close() was called, or the page could not open): nothing more is heard.
  function end(event) {
    if (ended) return;
    ended = true;
    if (popupSession === end) popupSession = null;
    window.removeEventListener("message", heard);
    if (timer !== null) clearInterval(timer);
    tell(event);
    finish(event);
  }

  // Each connection saved: the first settles the promise, every one reaches onEvent (the page lists many apps).
  function heard(event) {
    if (ended || event.origin !== origin || target === null || event.source !== target) return;
    const data = event.data;
    if (!data || typeof data !== "object") return;
    const id = Number(data.accountConnectorId);
    // The user disconnected an app on the page: heard by onEvent; the promise waits for how the session ends.
    if (data.type === "switchboard:disconnect") {
      if (Number.isInteger(id)) tell({ status: "disconnected", accountConnectorId: id });
      return;
    }
    if (data.type !== "switchboard:connect") return;
    const outcome = { status: "connected", accountConnectorId: Number.isInteger(id) ? id : undefined, state: String(data.status || "") };
    tell(outcome);
    finish(outcome);
    // A popup opened for one app has done its work once that app is connected.
    if (single && frame === null && !target.closed) target.close();
  }

  window.addEventListener("message", heard);
  if (mode === "iframe") {
    if (!container || typeof container.appendChild !== "function") {
      end({ status: "error", message: "openConnect: mode iframe needs a container element" });
    } else {
      frame = document.createElement("iframe");
      frame.src = first;
      frame.title = "Connect your apps";
      frame.style.border = "0";
      frame.style.width = "100%";
      frame.style.minHeight = "640px";
      container.appendChild(frame);
      target = frame.contentWindow;
    }
  } else {
    // A second click while the popup is open (or behind this window) takes it over: the earlier session
    // ends as closed, and what the user does next is told once, to this session.
    if (popupSession !== null) popupSession({ status: "closed" });
    target = window.open(first, POPUP_NAME, "width=560,height=720");
    if (target === null) {
      end({ status: "error", message: "The browser blocked the popup: call openConnect from a click" });
    } else {
      popupSession = end;
      timer = setInterval(() => { if (target.closed) end({ status: "closed" }); }, POLL_MS);
    }
  }

  if (later && !ended) {
    new Promise((resolve) => resolve(typeof token === "function" ? token() : token)).then(
      (value) => {
        if (ended) return;
        if (typeof value !== "string" || value === "") throw new Error(badToken);
        if (frame !== null) frame.src = pageFor(value);
        else target.location.href = pageFor(value);
      },
    ).catch((error) => {
      if (ended) return;
      if (frame !== null) frame.remove();
      else if (target !== null && !target.closed) target.close();
      end({ status: "error", message: `openConnect: no sign-in token: ${error && error.message ? error.message : error}` });
    });
  }

  const session = done;
  session.close = () => {
    if (ended) return; // over already: a later session may have taken over the popup's window
    if (frame !== null) frame.remove();
    else if (target !== null && !target.closed) target.close();
    end({ status: "closed" });
  };
  return session;
}

function settled(event) {
  const session = Promise.resolve(event);
  session.close = () => {};
  return session;
}
