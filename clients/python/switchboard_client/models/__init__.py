"""Contains all the data models used in inputs/outputs"""

from .account_connector_out import AccountConnectorOut
from .account_connector_out_custom_fields_item import AccountConnectorOutCustomFieldsItem
from .account_connector_update import AccountConnectorUpdate
from .account_connector_update_properties_type_1 import AccountConnectorUpdatePropertiesType1
from .account_in import AccountIn
from .account_out import AccountOut
from .account_update import AccountUpdate
from .attempt_out import AttemptOut
from .authentication_out import AuthenticationOut
from .body_token import BodyToken
from .branding_in import BrandingIn
from .branding_out import BrandingOut
from .call_by_id import CallById
from .call_by_id_fields_type_0 import CallByIdFieldsType0
from .call_by_id_mergefields_type_0 import CallByIdMergefieldsType0
from .call_by_id_parameters_type_0 import CallByIdParametersType0
from .call_by_name import CallByName
from .call_by_name_mergefields_type_0 import CallByNameMergefieldsType0
from .call_by_name_parameters_type_0 import CallByNameParametersType0
from .call_detail import CallDetail
from .call_named_tool_body import CallNamedToolBody
from .call_out import CallOut
from .call_page import CallPage
from .connection_health import ConnectionHealth
from .connector_out import ConnectorOut
from .connector_parameter_out import ConnectorParameterOut
from .connector_settings_in import ConnectorSettingsIn
from .connector_settings_in_properties_type_1 import ConnectorSettingsInPropertiesType1
from .connector_settings_out import ConnectorSettingsOut
from .delivery_out import DeliveryOut
from .delivery_page import DeliveryPage
from .error import Error
from .error_auth_state import ErrorAuthState
from .error_exchanges_item import ErrorExchangesItem
from .error_source import ErrorSource
from .event_queued import EventQueued
from .exchange_out import ExchangeOut
from .exchange_request_out import ExchangeRequestOut
from .exchange_request_out_headers import ExchangeRequestOutHeaders
from .exchange_response_out import ExchangeResponseOut
from .exchange_response_out_headers import ExchangeResponseOutHeaders
from .get_connector_schema_response_get_connector_schema import GetConnectorSchemaResponseGetConnectorSchema
from .get_tools_format import GetToolsFormat
from .get_tools_response_200_item import GetToolsResponse200Item
from .health_response_health import HealthResponseHealth
from .install_in import InstallIn
from .install_in_properties_type_1 import InstallInPropertiesType1
from .installed_property import InstalledProperty
from .ip_allow_list import IpAllowList
from .list_accounts_orderby import ListAccountsOrderby
from .list_connectors_orderby import ListConnectorsOrderby
from .list_installed_orderby import ListInstalledOrderby
from .list_methods_orderby import ListMethodsOrderby
from .list_properties_orderby import ListPropertiesOrderby
from .list_version_methods_orderby import ListVersionMethodsOrderby
from .mcp_token_in import McpTokenIn
from .mcp_token_out import McpTokenOut
from .message_out import MessageOut
from .method_out import MethodOut
from .parameter_out import ParameterOut
from .partner_property_out import PartnerPropertyOut
from .property_in import PropertyIn
from .property_out import PropertyOut
from .property_value import PropertyValue
from .ready_out import ReadyOut
from .ready_out_checked import ReadyOutChecked
from .records_out import RecordsOut
from .records_out_records_item import RecordsOutRecordsItem
from .request_field_out import RequestFieldOut
from .response_field_out import ResponseFieldOut
from .run_in import RunIn
from .secret_out import SecretOut
from .sign_in_token_in import SignInTokenIn
from .sign_in_token_out import SignInTokenOut
from .sync_cursor_in import SyncCursorIn
from .sync_cursor_in_format import SyncCursorInFormat
from .sync_deletes_in import SyncDeletesIn
from .sync_deletes_in_mode import SyncDeletesInMode
from .sync_in import SyncIn
from .sync_in_parameters_type_0 import SyncInParametersType0
from .sync_out import SyncOut
from .sync_out_cursor_type_0 import SyncOutCursorType0
from .sync_out_deletes import SyncOutDeletes
from .sync_out_last_run_type_0 import SyncOutLastRunType0
from .sync_out_parameters import SyncOutParameters
from .sync_out_running_type_0 import SyncOutRunningType0
from .sync_update import SyncUpdate
from .sync_update_parameters_type_0 import SyncUpdateParametersType0
from .test_call_out import TestCallOut
from .token_response import TokenResponse
from .tool_call_out import ToolCallOut
from .tool_call_out_structuredcontent import ToolCallOutStructuredcontent
from .trigger_option import TriggerOption
from .trigger_out import TriggerOut
from .trigger_out_sub_triggers_item import TriggerOutSubTriggersItem
from .webhook_in import WebhookIn
from .webhook_out import WebhookOut
from .webhook_update import WebhookUpdate
from .webhook_with_secret import WebhookWithSecret

__all__ = (
    "AccountConnectorOut",
    "AccountConnectorOutCustomFieldsItem",
    "AccountConnectorUpdate",
    "AccountConnectorUpdatePropertiesType1",
    "AccountIn",
    "AccountOut",
    "AccountUpdate",
    "AttemptOut",
    "AuthenticationOut",
    "BodyToken",
    "BrandingIn",
    "BrandingOut",
    "CallById",
    "CallByIdFieldsType0",
    "CallByIdMergefieldsType0",
    "CallByIdParametersType0",
    "CallByName",
    "CallByNameMergefieldsType0",
    "CallByNameParametersType0",
    "CallDetail",
    "CallNamedToolBody",
    "CallOut",
    "CallPage",
    "ConnectionHealth",
    "ConnectorOut",
    "ConnectorParameterOut",
    "ConnectorSettingsIn",
    "ConnectorSettingsInPropertiesType1",
    "ConnectorSettingsOut",
    "DeliveryOut",
    "DeliveryPage",
    "Error",
    "ErrorAuthState",
    "ErrorExchangesItem",
    "ErrorSource",
    "EventQueued",
    "ExchangeOut",
    "ExchangeRequestOut",
    "ExchangeRequestOutHeaders",
    "ExchangeResponseOut",
    "ExchangeResponseOutHeaders",
    "GetConnectorSchemaResponseGetConnectorSchema",
    "GetToolsFormat",
    "GetToolsResponse200Item",
    "HealthResponseHealth",
    "InstallIn",
    "InstallInPropertiesType1",
    "InstalledProperty",
    "IpAllowList",
    "ListAccountsOrderby",
    "ListConnectorsOrderby",
    "ListInstalledOrderby",
    "ListMethodsOrderby",
    "ListPropertiesOrderby",
    "ListVersionMethodsOrderby",
    "McpTokenIn",
    "McpTokenOut",
    "MessageOut",
    "MethodOut",
    "ParameterOut",
    "PartnerPropertyOut",
    "PropertyIn",
    "PropertyOut",
    "PropertyValue",
    "ReadyOut",
    "ReadyOutChecked",
    "RecordsOut",
    "RecordsOutRecordsItem",
    "RequestFieldOut",
    "ResponseFieldOut",
    "RunIn",
    "SecretOut",
    "SignInTokenIn",
    "SignInTokenOut",
    "SyncCursorIn",
    "SyncCursorInFormat",
    "SyncDeletesIn",
    "SyncDeletesInMode",
    "SyncIn",
    "SyncInParametersType0",
    "SyncOut",
    "SyncOutCursorType0",
    "SyncOutDeletes",
    "SyncOutLastRunType0",
    "SyncOutParameters",
    "SyncOutRunningType0",
    "SyncUpdate",
    "SyncUpdateParametersType0",
    "TestCallOut",
    "TokenResponse",
    "ToolCallOut",
    "ToolCallOutStructuredcontent",
    "TriggerOption",
    "TriggerOut",
    "TriggerOutSubTriggersItem",
    "WebhookIn",
    "WebhookOut",
    "WebhookUpdate",
    "WebhookWithSecret",
)
