"""One module per rule *type*; each defines ``check(ctx, rule)`` yielding events.

The catalogue (schema/rules/catalogue.yaml) names the type of each rule; a test fails when a
catalogue type has no module here or a module here is used by no catalogue rule.
"""
