"""The boards' forms, one module per area."""
