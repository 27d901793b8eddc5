"""The OpenAPI importer on every vendor spec: every operation mapped or reported, output loadable and stable."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from switchboard.catalog import Registry, load_connector
from switchboard.catalog.loader import BUILTIN_DIR
from switchboard.catalog.schema import SCHEMA_PATH
from switchboard.cli import app
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.errors import ConfigurationError
from switchboard.importer import Overlay, import_connector, parse_document, parse_overlay
from switchboard.importer.files import OVERLAY_SCHEMA_PATH, overlay_json_schema_text
from switchboard_emulators import VENDORS, spec_vendors
from switchboard_emulators.spec.config import load_config
from tests.contract.specs import SPECS_DIR
from tests.yaml_text import safe_load

SPECS = SPECS_DIR
SHIPPED = {
    "constant_contact": "constant-contact-v3.swagger.yml",
    "hubspot": "hubspot-crm-contacts.json",
    "pipedrive": "pipedrive.yaml",
    "asana": "asana.yaml",
    "slack": "slack.json",
    "xero": "xero-accounting.yaml",
    "jira": "jira.json",
    "intercom": "intercom.yaml",
    "box": "box.json",
    "hubspot_companies": "hubspot-crm-companies.json",
    "hubspot_deals": "hubspot-crm-deals.json",
    "hubspot_tickets": "hubspot-crm-tickets.json",
    "dropbox_sign": "dropbox-sign.yaml",
    "google_calendar": "google-calendar.json",
    "google_drive": "google-drive.json",
    "gmail": "gmail.json",
    "zoom": "zoom-meetings.json",
    "google_sheets": "google-sheets.json",
    "discord": "discord.json",
    "dropbox": "dropbox.yaml",
    "hubspot_associations": "hubspot-crm-associations-v4.json",
    "zendesk": "zendesk-support.yaml",
    "xero_payroll_uk": "xero-payroll-uk.yaml",
    "xero_projects": "xero-projects.yaml",
    "mailchimp": "mailchimp-marketing.json",
    "brevo": "brevo.yml",
    "bitbucket": "bitbucket.yaml",
    "datadog": "datadog-v1.yaml",
    "confluence": "confluence.json",
    "clickup": "clickup.yaml",
    "miro": "miro.json",
    "twilio": "twilio-api-v2010.json",
    "bigcommerce": "bigcommerce-products.yml",
    "hibob": "hibob.yaml",
    "deel": "deel.yaml",
    "bamboohr": "bamboohr.yaml",
    "gusto": "gusto.yaml",
    "vimeo": "vimeo.yaml",
    "dialpad": "dialpad.json",
    "canva": "canva.yml",
    "mixpanel": "mixpanel/query.openapi.yaml",
    "xero_files": "xero-files.yaml",
    "xero_assets": "xero-assets.yaml",
    "bigcommerce_orders": "bigcommerce-orders.yml",
    "bigcommerce_customers": "bigcommerce-customers.yml",
    "twilio_messaging": "twilio-messaging-v1.json",
    "bigcommerce_carts": "bigcommerce-carts.yml",
    "xero_finance": "xero-finance.yaml",
    "bigcommerce_brands": "bigcommerce-brands.yml",
    "bigcommerce_categories": "bigcommerce-categories.yml",
    "bigcommerce_orders_v3": "bigcommerce-orders-v3.yml",
    "twilio_verify": "twilio-verify-v2.json",
    "twilio_conversations": "twilio-conversations-v1.json",
    "twilio_lookups": "twilio-lookups-v2.json",
    "plaid": "plaid.yml",
    "pinterest": "pinterest.yaml",
    "launchdarkly": "launchdarkly.yaml",
    "webflow": "webflow.yml",
    "telnyx": "telnyx.yml",
    "sentry": "sentry.json",
    "okta": "okta-management.yaml",
    "github": "github.yaml",
    "zoho_crm": "zoho-crm/zoho-crm.json",
    "paypal_orders": "paypal-checkout-orders-v2.json",
    "paypal_invoicing": "paypal-invoicing-v2.json",
    "personio": "personio.yaml",
    "notion": "notion.json",
    "smartsheet": "smartsheet.json",
    "quickbooks": "quickbooks-online.yaml",
    "trello": "trello.yaml",
    "recurly": "recurly.yaml",
    "paddle": "paddle.yaml",
    "msgraph_mail": "msgraph-mail.yml",
    "msgraph_calendar": "msgraph-calendar.yml",
    "msgraph_files": "msgraph-files.yml",
    "amazon_sp_orders": "amazon-sp-orders-v0.json",
    "pandadoc": "pandadoc.json",
    "docusign": "docusign-esignature-v2.1.json",
    "gitlab": "gitlab.yaml",
    "sendgrid_mail": "sendgrid/tsg_mail_v3.json",
    "sendgrid_contacts": "sendgrid/tsg_mc_contacts_v3.json",
    "vonage_sms": "vonage/sms.yml",
    "vonage_voice": "vonage/voice.yml",
    "vonage_messages": "vonage/messages-olympus.yml",
    "ringcentral": "ringcentral.json",
    "stripe": "stripe.yaml",
    "figma": "figma.yaml",
    "apideck_crm": "apideck-crm.yml",
}
# Names relative to specs/: a vendor whose spec is split into files that may refer to each other
# keeps them in a folder of its own (specs/mixpanel/).
ALL_SPECS = sorted(p.relative_to(SPECS).as_posix() for p in SPECS.rglob("*") if p.suffix in {".json", ".yaml", ".yml"})
# Salesloft's spec declares no security scheme: the overlay must say how it authenticates.
BEARER = Overlay.model_validate({"auth": [{"type": "api_key", "format": "Bearer {key}"}]})


@cache
def document(name: str) -> dict[str, Any]:
    return parse_document((SPECS / name).read_text(encoding="utf-8"), name)


def test_every_spec_is_here() -> None:
    # Every shipped connector's spec, and no spec that no emulator serves (specs/ holds only what tests use).
    assert set(SHIPPED.values()) <= set(ALL_SPECS), ALL_SPECS
    served = {load_config(VENDORS / f"{key}.yaml").spec for key in spec_vendors()}
    assert set(ALL_SPECS) == served, set(ALL_SPECS) ^ served


# Specs whose import without an overlay takes minutes: Microsoft Graph Files flattens to 28 MB of
# YAML (its navigation properties expand into thousands of fields per write), imported twice here.
SLOW_IMPORTS = {"msgraph-files.yml": 900}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.timeout(SLOW_IMPORTS[n])) if n in SLOW_IMPORTS else n for n in ALL_SPECS]
)
def test_every_operation_is_a_method_or_reported(name: str, tmp_path: Path) -> None:
    result = import_connector(copy.deepcopy(document(name)), "imported", BEARER if "salesloft" in name else None)
    report = result.report
    assert report.accounted, (report.operations, len(report.mapped), len(report.skipped))
    assert all(why for _, why in report.skipped)
    assert len(result.definition.methods) == len(report.mapped)
    # The loader accepts the file as written, and so does the exported JSON Schema.
    (tmp_path / "imported").mkdir()
    path = tmp_path / "imported" / "connector.yaml"
    path.write_text(result.text, encoding="utf-8")
    assert load_connector(path) == result.definition
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    errors = list(validator.iter_errors(safe_load(result.text)))
    assert not errors, errors[:3]
    again = import_connector(copy.deepcopy(document(name)), "imported", BEARER if "salesloft" in name else None)
    assert again.text == result.text, "a second import must be byte-identical"


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_shipped_connectors_are_the_import_of_their_spec_and_overlay(key: str) -> None:
    overlay_path = BUILTIN_DIR / key / "overlay.yaml"
    overlay = parse_overlay(overlay_path.read_text(encoding="utf-8"), str(overlay_path))
    # The source as the CLI names it: the spec file's own name (specs/mixpanel/query.openapi.yaml: query.openapi.yaml).
    source = Path(SHIPPED[key]).name
    result = import_connector(copy.deepcopy(document(SHIPPED[key])), key, overlay, source=source)
    assert (BUILTIN_DIR / key / "connector.yaml").read_text(encoding="utf-8") == result.text, (
        f"regenerate: switchboard connectors import specs/{SHIPPED[key]} --key {key} "
        f"--overlay {overlay_path} --out src/switchboard/connectors"
    )
    readme = (BUILTIN_DIR / key / "README.md").read_text(encoding="utf-8")
    for http, _ in result.report.skipped:
        assert f"`{http}`" in readme or key == "constant_contact", f"{http} is skipped but not in the README"


def ids(definition_text: str, tmp_path: Path) -> dict[str, Any]:
    (tmp_path / "x").mkdir(exist_ok=True)
    (tmp_path / "x" / "connector.yaml").write_text(definition_text, encoding="utf-8")
    connector = Registry(  # only this connector: ids do not depend on the others
        [load_connector(tmp_path / "x" / "connector.yaml")]
    ).by_key["hubspot"]
    return {
        m.definition.http: (
            m.id,
            {p.definition.target: p.id for p in m.parameters},
            {f.definition.location: f.id for f in m.fields},
        )
        for m in connector.methods
    }


def test_ids_stay_across_a_changed_spec(tmp_path: Path) -> None:
    before = import_connector(copy.deepcopy(document(SHIPPED["hubspot"])), "hubspot")
    changed = copy.deepcopy(document(SHIPPED["hubspot"]))
    paths = changed["paths"]
    removed = next(iter(paths))
    del paths[removed]
    paths["/crm/v3/objects/contacts/extra/{thing}"] = {
        "get": {
            "summary": "A new operation",
            "parameters": [{"name": "thing", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok"}},
        }
    }
    after = import_connector(changed, "hubspot")
    old, new = ids(before.text, tmp_path), ids(after.text, tmp_path)
    kept = set(old) & set(new)
    assert len(kept) == len(old) - len([h for h in old if h.split(" ", 1)[1] == removed])
    for http in kept:
        assert old[http] == new[http], http
    assert "GET /crm/v3/objects/contacts/extra/{thing}" in new


def test_overlay_with_an_unknown_operation_is_refused() -> None:
    overlay = Overlay.model_validate({"methods": {"GET /nowhere": {"name": "Lost"}}})
    with pytest.raises(ConfigurationError, match="GET /nowhere"):
        import_connector(copy.deepcopy(document(SHIPPED["hubspot"])), "hubspot", overlay)


def test_overlay_rejects_unknown_keys() -> None:
    with pytest.raises(ConfigurationError, match="colour"):
        parse_overlay("colour: blue\n")


def test_overlay_hides_renames_and_keeps_ids() -> None:
    base = import_connector(copy.deepcopy(document(SHIPPED["hubspot"])), "hubspot")
    first, second = base.definition.methods[0], base.definition.methods[1]
    overlay = Overlay.model_validate(
        {
            "methods": {
                first.http: {"name": "Renamed", "unique_id": "11111111-2222-4333-8444-555555555555"},
                second.http: {"hide": True, "reason": "not wanted"},
            }
        }
    )
    result = import_connector(copy.deepcopy(document(SHIPPED["hubspot"])), "hubspot", overlay)
    by_http = {m.http: m for m in result.definition.methods}
    assert by_http[first.http].name == "Renamed"
    assert str(by_http[first.http].unique_id) == "11111111-2222-4333-8444-555555555555"
    assert second.http not in by_http
    assert (second.http, "not wanted") in result.report.skipped


def test_an_overlay_gives_a_method_headers_and_a_media_type_of_its_own() -> None:
    """Dropbox's spec gives a JSON RPC body text/plain: the overlay's content_type replaces it. A method's
    headers (Confluence's X-Atlassian-Token) become header parameters with that default, sent."""
    http = "POST /team/reports/get_storage"
    change = {"content_type": "application/json", "headers": {"X-Atlassian-Token": "no-check"}}
    result = import_connector(
        copy.deepcopy(document(SHIPPED["dropbox"])), "dropbox", Overlay.model_validate({"methods": {http: change}})
    )
    connector = Registry([result.definition]).by_key["dropbox"]
    method = next(m for m in connector.methods if m.definition.http == http)
    inputs = bind_by_name(method, None, None, {"$": '{"start_date":"2026-12-01"}'})
    request = build_request(result.definition, method, inputs, "https://api.dropboxapi.com/2")
    headers = dict(request.headers)
    assert headers["X-Atlassian-Token"] == "no-check" and headers["Content-Type"] == "application/json"
    assert request.body == b'{"start_date":"2026-12-01"}'


def test_mapping_details_on_real_specs() -> None:
    slack = import_connector(copy.deepcopy(document("slack.json")), "slack").definition
    assert slack.auth[0].type == "oauth2"
    hubspot = import_connector(copy.deepcopy(document(SHIPPED["hubspot"])), "hubspot").definition
    assert hubspot.pagination is not None and hubspot.pagination.type == "cursor"
    cc = import_connector(copy.deepcopy(document(SHIPPED["constant_contact"])), "cc").definition
    assert cc.base_url == "https://api.cc.email/v3" and cc.query_style == "comma"
    create = next(m for m in cc.methods if m.http == "POST /contacts")
    locations = {f.location for f in create.fields}
    assert "email_address.address" in locations  # objects flattened to dot notation
    jira = import_connector(copy.deepcopy(document("jira.json")), "jira").definition
    assert jira.pagination is not None and jira.pagination.type == "offset"


def test_body_credentials_are_no_method_fields() -> None:
    # Vonage SMS declares api_key and api_secret as body members; an auth that fills them leaves them out.
    pair = Overlay.model_validate(
        {"auth": [{"type": "api_key", "in": "body", "name": "api_key", "format": "{key}", "secret_name": "api_secret"}]}
    )

    def fields(overlay: Overlay) -> set[str]:
        methods = import_connector(copy.deepcopy(document("vonage/sms.yml")), "v", overlay).definition.methods
        return {f.location for m in methods for f in m.fields}

    assert "api_key" not in fields(pair) and "api_secret" not in fields(pair) and {"to", "from", "sig"} <= fields(pair)
    assert {"api_key", "api_secret"} <= fields(BEARER)


def test_checked_in_overlay_schema_is_current() -> None:
    assert OVERLAY_SCHEMA_PATH.read_text(encoding="utf-8") == overlay_json_schema_text()


def test_cli_imports_and_reports(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["connectors", "import", str(SPECS / "xero-accounting.yaml"), "--key", "xero_test", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    # Every operation is a method now that raw (attachment) bodies are; the report still has its notes.
    assert "235 operations: 235 mapped to methods, 0 skipped" in result.output
    assert "note GET /Accounts/{AccountID}/Attachments/{AttachmentID}: answers" in result.output
    assert load_connector(tmp_path / "xero_test" / "connector.yaml").key == "xero_test"
    bad = CliRunner().invoke(app, ["connectors", "import", str(tmp_path / "missing.yaml"), "--key", "x"])
    assert bad.exit_code == 1
