/**
 * A typed client for Switchboard's Connector API: `openapi-fetch` over the types that
 * `openapi-typescript` generates from Switchboard's OpenAPI document (`src/schema.ts`).
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];
export type SwitchboardClient = Client<paths>;

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

/** A client whose every request carries the bearer token (and the account, when one is given). */
export function createSwitchboardClient(options: ClientOptions): SwitchboardClient {
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
