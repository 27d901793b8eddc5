// The TypeScript client against a live Switchboard with the Salesloft emulator, run by node's test
// runner (tests/integration/test_typescript_client.py starts both and passes their addresses).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";

import { createSwitchboardClient, fetchToken } from "../src/index.js";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through tests/integration/test_typescript_client.py`);
  return value;
}

const baseUrl = required("SWITCHBOARD_URL");
const apiKey = required("SALESLOFT_API_KEY");

test("create an account, install Salesloft, call a method with /body, and find it in the call log", async () => {
  const token = await fetchToken(baseUrl, required("SWITCHBOARD_CLIENT_ID"), required("SWITCHBOARD_CLIENT_SECRET"));
  const account = `ts-${randomUUID()}`;
  const sb = createSwitchboardClient({ baseUrl, token, account });

  const created = await sb.POST("/v1.0/accounts", { body: { Id: account, Name: "TypeScript customer" } });
  assert.ok(created.response.ok, JSON.stringify(created.error));
  assert.equal(created.data?.Id, account);

  // The library is past one default page (50): ask for the connector by name.
  const connectors = await sb.GET("/v1.0/connectors", { params: { query: { query: "Salesloft" } } });
  const salesloft = connectors.data?.find((c) => c.Name === "Salesloft");
  assert.ok(salesloft, "Salesloft is in the library");

  const installed = await sb.POST("/v1.0/connectors/{connector_id}/install", {
    params: { path: { connector_id: salesloft.Id }, header: { "X-Cyclr-Account": account } },
    body: { Name: "Our Salesloft", AuthValue: apiKey },
  });
  assert.ok(installed.response.ok, JSON.stringify(installed.error));
  assert.equal(installed.data?.Authenticated, true);
  const connection = installed.data.Id;

  const methods = await sb.GET("/v1.0/connectors/{connector_id}/methods", {
    params: { path: { connector_id: salesloft.Id } },
  });
  const create = methods.data?.find((m) => m.Name === "Create person");
  assert.ok(create, "Create person is a Salesloft method");

  const email = `ada-${randomUUID().slice(0, 8)}@example.com`;
  const called = await sb.POST("/v1.0/account/connectors/{connector_id}/methods/{method_id}/body", {
    params: {
      path: { connector_id: connection, method_id: create.MethodUniqueIdentifier },
      header: { "X-Cyclr-Account": account },
    },
    body: { RequestBody: JSON.stringify({ email_address: email, first_name: "Ada" }) },
    parseAs: "json",
  });
  assert.ok(called.response.ok, JSON.stringify(called.error));
  const person = called.data as { data: { id: number; email_address: string } };
  assert.equal(person.data.email_address, email);

  // The call log is written off the request path: look for the call for up to 10 s.
  const deadline = Date.now() + 10_000;
  let found: { MethodName: string; Ok: boolean; AccountConnectorId: number } | undefined;
  while (found === undefined && Date.now() < deadline) {
    const page = await sb.GET("/v1.0/calls", { params: { query: { method: create.MethodUniqueIdentifier, limit: 50 } } });
    assert.ok(page.response.ok, JSON.stringify(page.error));
    found = page.data?.Calls.find((c) => c.AccountConnectorId === connection);
    if (found === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(found, "the call is in the call log");
  assert.equal(found.MethodName, "Create person");
  assert.equal(found.Ok, true);
});

test("a wrong client secret is refused with Switchboard's message", async () => {
  await assert.rejects(fetchToken(baseUrl, required("SWITCHBOARD_CLIENT_ID"), "not-the-secret"), /refused/);
});

test("a client made for an account calls the account's routes without repeating X-Cyclr-Account", async () => {
  const token = await fetchToken(baseUrl, required("SWITCHBOARD_CLIENT_ID"), required("SWITCHBOARD_CLIENT_SECRET"));
  const account = `ts-${randomUUID()}`;
  const sb = createSwitchboardClient({ baseUrl, token, account });
  assert.ok((await sb.POST("/v1.0/accounts", { body: { Id: account, Name: "Account-bound customer" } })).response.ok);
  const salesloft = (await sb.GET("/v1.0/connectors", { params: { query: { query: "Salesloft" } } })).data?.[0];
  assert.ok(salesloft, "Salesloft is in the library");

  // No header in the call: the client sends the account it was made for (the README's promise), and compiles so.
  const installed = await sb.POST("/v1.0/connectors/{connector_id}/install", {
    params: { path: { connector_id: salesloft.Id } },
    body: { AuthValue: apiKey },
  });
  assert.ok(installed.response.ok, JSON.stringify(installed.error));
  const listed = await sb.GET("/v1.0/account/connectors");
  assert.ok(listed.response.ok, JSON.stringify(listed.error));
  assert.deepEqual(listed.data?.map((c) => [c.Id, c.AuthState]), [[installed.data?.Id, "Authenticated"]]);
});

test("a token restricted to one account calls that account's routes without X-Cyclr-Account", async () => {
  const clientId = required("SWITCHBOARD_CLIENT_ID");
  const clientSecret = required("SWITCHBOARD_CLIENT_SECRET");
  const account = `ts-${randomUUID()}`;
  const partner = createSwitchboardClient({ baseUrl, token: await fetchToken(baseUrl, clientId, clientSecret) });
  assert.ok((await partner.POST("/v1.0/accounts", { body: { Id: account, Name: "Restricted customer" } })).response.ok);
  const granted = await fetch(`${baseUrl}/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      scope: `account:${account}`,
    }),
  });
  assert.ok(granted.ok, await granted.clone().text());
  const token = ((await granted.json()) as { access_token: string }).access_token;
  // Made without `account`: the types let account routes leave the header out, as the OpenAPI document does.
  const sb = createSwitchboardClient({ baseUrl, token });
  const salesloft = (await sb.GET("/v1.0/connectors", { params: { query: { query: "Salesloft" } } })).data?.[0];
  assert.ok(salesloft, "Salesloft is in the library");
  const installed = await sb.POST("/v1.0/connectors/{connector_id}/install", {
    params: { path: { connector_id: salesloft.Id } },
    body: { AuthValue: apiKey },
  });
  assert.ok(installed.response.ok, JSON.stringify(installed.error));
  const listed = await sb.GET("/v1.0/account/connectors");
  assert.ok(listed.response.ok, JSON.stringify(listed.error));
  assert.deepEqual(listed.data?.map((c) => c.Id), [installed.data?.Id]);
});
