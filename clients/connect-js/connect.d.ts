export interface ConnectEvent {
  /** `connected`: a connection was saved; `disconnected`: the user disconnected one (the account connector is
   * deleted; `onEvent` only, the promise never settles with it); `closed`: the user closed the popup, `close()`
   * was called, or a later popup session took the window over; `error`: it could not open. */
  status: "connected" | "disconnected" | "closed" | "error";
  /** The account connector that was connected (with `connected`) or deleted (with `disconnected`). */
  accountConnectorId?: number;
  /** The connection's state as Switchboard reported it, such as `Authenticated`. */
  state?: string;
  /** Why it ended (with `error`). */
  message?: string;
}

export interface ConnectOptions {
  /** Switchboard's address, e.g. `https://switchboard.example.com` (the connect page is `${url}/connect`). */
  url: string;
  /** The account's single-use sign-in token (`POST /v1.0/accounts/{id}/signintoken`), from your backend; or a
   * function (or promise) that fetches it: the popup then opens at once, inside the click, and goes to the page
   * when the token comes (a popup opened after awaiting a fetch is blocked by Safari, and by others when slow). */
  token: string | Promise<string> | (() => string | Promise<string>);
  /** Show only this connector (its key, such as `salesloft`) instead of every connector you offer; a popup
   * opened for it closes once it is connected. */
  connector?: string;
  /** `popup` (default) or `iframe` (then `container` is required). */
  mode?: "popup" | "iframe";
  /** Where the iframe goes, with `mode: "iframe"`. */
  container?: HTMLElement;
  /** Every event, as it happens (a connection saved or disconnected, the popup closed, an error). */
  onEvent?: (event: ConnectEvent) => void;
}

export interface ConnectSession extends Promise<ConnectEvent & { status: "connected" | "closed" | "error" }> {
  /** Close the popup or remove the iframe; the promise resolves with `closed` if nothing ended it before. */
  close(): void;
}

/** Opens the connect page; resolves on the first `connected`, `closed` or `error`. */
export function openConnect(options: ConnectOptions): ConnectSession;
