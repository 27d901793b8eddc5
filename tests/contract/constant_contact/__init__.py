"""The Constant Contact connector definition against the vendor's Swagger 2 contract.

Each method's verb and path (with the spec's ``basePath`` /v3 in front) must be an operation
of ``specs/constant-contact-v3.swagger.yml``; every input that operation requires must be
required by the method; every query parameter and body field must be one the operation
declares, with the spec's type and enum values; list methods page through the right records
key; DDL methods answer text and value from that key's records. No server is involved.
"""
