"""clinic: the small example backend that the rule and migration pages' examples test.

An async patient-records service (`clinic.records`) backed by a slow external lab
(`clinic.labs`). All patients, names and numbers here are synthetic.
"""
