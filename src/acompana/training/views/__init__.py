"""Training pages, one view per action: plans and sessions (``sessions``), readiness before
field work (``readiness``), buddies and specialists (``support``)."""
