"""Sanctions, share and supplier-count rules, and traced provenance through the chain."""
