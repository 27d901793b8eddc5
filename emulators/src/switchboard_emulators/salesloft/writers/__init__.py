"""Creates and updates: parameter coercion, validation and the side effects Salesloft applies.

A module per resource (``people``, ``accounts``, ``team_settings``, ``cadence_memberships``,
``calls``, ``notes``, ``tasks``) over ``base``: the context, coercion and the checks they share.

Referential checks enforced (404 ``{"error": "Not Found"}`` when the referenced record is
missing, as Rails' ``find`` does): cadence memberships (person, cadence, and user/step when
given), calls (person), notes (the associated person/account, and the call when given), tasks
(person, user). Not enforced, so sample payloads work against an empty emulator: a person's
account/owner/import/stage, an account's owner/stage/tier, a call's action and linked call data
records (unknown ones are skipped), and whether a teammate may add people to a cadence.

Uniqueness enforced (422 ``has already been taken``): person ``email_address`` (case-insensitive;
Salesloft's default of no intentional duplicates), account ``domain``, custom field name per
field type. Records are copied before they change, never edited in place (see ``state``).
"""
