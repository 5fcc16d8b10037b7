"""Batch review: many disclosures converted and validated in limited worker processes,
resumably, into one output folder (``cnbudget batch``).

Modules are imported on use: :mod:`cnbudget.batch.engine` (the run and the per-disclosure
function), :mod:`cnbudget.batch.isolation` (a task in a limited child process),
:mod:`cnbudget.batch.inputs`, :mod:`cnbudget.batch.dataset`.
"""
