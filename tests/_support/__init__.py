"""Support code the test packages share: where things are, the snippet catalog, the built
site, stored outputs and their regeneration."""
