"""Constraint families of the model, one module each (with its algebra)."""
