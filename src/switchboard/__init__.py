"""Switchboard: a self-hosted, Cyclr-compatible Connector API."""
