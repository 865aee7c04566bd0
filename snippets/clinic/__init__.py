"""clinic: the small example backend that every snippet in the guide tests.

An async patient-records service (`clinic.records`) backed by a slow external lab
(`clinic.labs`). All patients, names and numbers here are synthetic.
"""
