"""The validator: the rule catalogue (schema/rules/catalogue.yaml) run on a disclosure.

Public API: :func:`cnbudget.validation.runner.run_rules` (a disclosure in memory → Result),
:func:`cnbudget.validation.api.validate` (any input → Validation with its reports).
"""

