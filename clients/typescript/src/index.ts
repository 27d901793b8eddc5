/**
 * A typed client for Switchboard's Connector API: `openapi-fetch` over the types that
 * `openapi-typescript` generates from Switchboard's OpenAPI document (`src/schema.ts`).
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];
export type SwitchboardClient = Client<paths>;

/** An operation's parameters with `X-Cyclr-Account` optional: the client sends the account it was made for. */
type AccountSent<Params> = Params extends { header: infer Header }
  ? "X-Cyclr-Account" extends keyof Header
    ? Omit<Params, "header"> & { header?: Omit<Header, "X-Cyclr-Account"> & { "X-Cyclr-Account"?: string } }
    : Params
  : Params;
type OperationForAccount<Operation> = Operation extends { parameters: infer Params }
  ? Omit<Operation, "parameters"> & { parameters: AccountSent<Params> }
  : Operation;
/** `paths` as a client made with `account` sees them: `X-Cyclr-Account` may be left out (given, it wins). */
export type AccountPaths = {
  [Path in keyof paths]: {
    [Member in keyof paths[Path]]: Member extends "parameters" ? paths[Path][Member] : OperationForAccount<paths[Path][Member]>;
  };
};
/** A client made for one account (`account` given): account routes need no `X-Cyclr-Account` of their own. */
export type SwitchboardAccountClient = Client<AccountPaths>;

export interface ClientOptions {
  /** Where Switchboard answers, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  /** A partner access token from `POST /oauth/token` (or an MCP token for the tools routes). */
  token: string;
  /** The account's API ID, sent as `X-Cyclr-Account` on every request when given. */
  account?: string;
  /** A fetch of your own (tests, proxies); the global one otherwise. */
  fetch?: typeof globalThis.fetch;
}

/** A client whose every request carries the bearer token (and the account, when one is given: then the
 * compiler lets account routes leave out `X-Cyclr-Account`). */
export function createSwitchboardClient(options: ClientOptions & { account: string }): SwitchboardAccountClient;
export function createSwitchboardClient(options: ClientOptions): SwitchboardClient;
export function createSwitchboardClient(options: ClientOptions): SwitchboardClient | SwitchboardAccountClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ""), fetch: options.fetch });
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${options.token}`);
      if (options.account !== undefined && !request.headers.has("X-Cyclr-Account")) {
        request.headers.set("X-Cyclr-Account", options.account);
      }
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** A partner access token from the client-credentials grant (`POST /oauth/token`). */
export async function fetchToken(
  baseUrl: string,
  clientId: string,
  clientSecret: string,
  fetchImpl: typeof globalThis.fetch = globalThis.fetch,
): Promise<string> {
  const response = await fetchImpl(`${baseUrl.replace(/\/+$/, "")}/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
  });
  const body = (await response.json()) as { access_token?: string; Message?: string };
  if (!response.ok || typeof body.access_token !== "string") {
    throw new Error(`Switchboard refused the client credentials (${response.status}): ${body.Message ?? "no message"}`);
  }
  return body.access_token;
}
