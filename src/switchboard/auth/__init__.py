"""Authentication of outbound calls: API keys, OAuth2 tokens and their refresh."""

from switchboard.auth.api_key import ApiKeyAuthenticator
from switchboard.auth.base import Authenticator
from switchboard.auth.credentials import ApiKeyCredentials, Credentials, OAuth2Credentials, parse_credentials

__all__ = [
    "ApiKeyAuthenticator",
    "ApiKeyCredentials",
    "Authenticator",
    "Credentials",
    "OAuth2Credentials",
    "parse_credentials",
]
